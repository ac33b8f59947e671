import * as auth from '../../api/auth';
import { ShareSession } from '../../api/shareSession';
import type { ApiClient } from './apiClient';
import { decode, decoded, type Decoded } from './decode';

/** The signed-in staff member's session; `expiresAt` in epoch ms. */
export type StaffSession = Decoded<auth.StaffSession, 'expiresAt'>;

/** What a link recipient's browser may see (GET /api/share-session); times in epoch ms. */
export type ShareSessionInfo = Decoded<ShareSession, 'expiresAt' | 'sessionExpiresAt'>;

const toStaffSession = (value: unknown): StaffSession =>
  decoded(decode(auth.StaffSession, value, 'session'), ['expiresAt']);

/** Signs in; the new session's CSRF token goes into the client. */
export async function login(client: ApiClient, username: string, password: string): Promise<StaffSession> {
  const body: auth.LoginRequest = { username, password };
  const session = toStaffSession(await client.post('/api/login', body));
  client.setCsrfToken(session.csrfToken);
  return session;
}

/** The signed-in staff session (401 ApiError when there is none); its CSRF token goes into the client. */
export async function fetchMe(client: ApiClient, signal?: AbortSignal): Promise<StaffSession> {
  const session = toStaffSession(await client.get('/api/me', signal));
  client.setCsrfToken(session.csrfToken);
  return session;
}

export async function logout(client: ApiClient): Promise<void> {
  await client.post('/api/logout');
  client.setCsrfToken(undefined);
}

export async function fetchShareSession(client: ApiClient, signal?: AbortSignal): Promise<ShareSessionInfo> {
  const json = decode(ShareSession, await client.get('/api/share-session', signal), 'share session');
  return decoded(json, ['expiresAt', 'sessionExpiresAt']);
}

/** Ends this browser's share session (the recipient leaves). */
export async function leaveShareSession(client: ApiClient): Promise<void> {
  await client.delete('/api/share-session');
}
