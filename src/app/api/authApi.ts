import * as auth from '../../api/auth';
import { PatientSession } from '../../api/patients';
import { ShareSession } from '../../api/shareSession';
import { UploadSessionInfo as UploadSession } from '../../api/uploads';
import type { ApiClient } from './apiClient';
import { decode, decoded, type Decoded } from './decode';

/** The signed-in staff member's session; `expiresAt` in epoch ms. */
export type StaffSession = Decoded<auth.StaffSession, 'expiresAt'>;

/** What a link recipient's browser may see (GET /api/share-session); times in epoch ms. */
export type ShareSessionInfo = Decoded<ShareSession, 'expiresAt' | 'sessionExpiresAt'>;

/** What a patient's browser may see (GET /api/patient-session); times in epoch ms. */
export type PatientSessionInfo = Decoded<PatientSession, 'expiresAt' | 'sessionExpiresAt'>;

/** What the sender of an upload link's browser may know (GET /api/upload-session); `expiresAt` in epoch ms. */
export type UploadSessionInfo = Decoded<UploadSession, 'expiresAt'>;

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

/** The patient session (401 ApiError when there is none); its CSRF token goes into the client. */
export async function fetchPatientSession(client: ApiClient, signal?: AbortSignal): Promise<PatientSessionInfo> {
  const json = decode(PatientSession, await client.get('/api/patient-session', signal), 'patient session');
  client.setCsrfToken(json.csrfToken);
  return decoded(json, ['expiresAt', 'sessionExpiresAt']);
}

/** The patient leaves: the session's cookie goes. */
export async function leavePatientSession(client: ApiClient): Promise<void> {
  await client.delete('/api/patient-session');
}

/** The upload link's session (401 ApiError when there is none); its CSRF token goes into the client. */
export async function fetchUploadSession(client: ApiClient, signal?: AbortSignal): Promise<UploadSessionInfo> {
  const json = decode(UploadSession, await client.get('/api/upload-session', signal), 'upload session');
  client.setCsrfToken(json.csrfToken);
  return decoded(json, ['expiresAt']);
}
