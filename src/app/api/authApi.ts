import type { ApiClient } from './apiClient';
import { array, boolean, number, object, oneOf, optionalString, string, stringItem, time, type Fields } from './decode';

export type Role = 'admin' | 'radiologist';

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
}

export interface StaffSession {
  user: User;
  csrfToken: string;
  expiresAt: number;
  idleTimeoutSeconds: number;
}

export interface SharedStudy {
  studyInstanceUID: string;
  seriesInstanceUIDs: string[];
}

/** What a link recipient's browser may see (GET /api/share-session). */
export interface ShareSessionInfo {
  shareId: string;
  senderName: string;
  /** The senders' institution (a gateway setting), shown next to their name. */
  institution: string | undefined;
  label: string | undefined;
  /** The sender's note or clinical question: plain text, shown as text. */
  message: string | undefined;
  expiresAt: number;
  sessionExpiresAt: number;
  studies: SharedStudy[];
  seriesScoped: boolean;
  allowDownload: boolean;
}

export function decodeSharedStudy(value: unknown): SharedStudy {
  const fields = object(value, 'study');
  return {
    studyInstanceUID: string(fields, 'studyInstanceUID'),
    seriesInstanceUIDs: array(fields, 'seriesInstanceUIDs', stringItem),
  };
}

function decodeStaffSession(value: unknown): StaffSession {
  const fields = object(value, 'session');
  const user: Fields = object(fields.user, 'user');
  return {
    user: {
      id: string(user, 'id'),
      username: string(user, 'username'),
      displayName: string(user, 'displayName'),
      role: oneOf(user, 'role', ['admin', 'radiologist'] as const),
    },
    csrfToken: string(fields, 'csrfToken'),
    expiresAt: time(fields, 'expiresAt'),
    idleTimeoutSeconds: number(fields, 'idleTimeoutSeconds'),
  };
}

function decodeShareSession(value: unknown): ShareSessionInfo {
  const fields = object(value, 'share session');
  return {
    shareId: string(fields, 'shareId'),
    senderName: string(fields, 'senderName'),
    institution: optionalString(fields, 'institution'),
    label: optionalString(fields, 'label'),
    message: optionalString(fields, 'message'),
    expiresAt: time(fields, 'expiresAt'),
    sessionExpiresAt: time(fields, 'sessionExpiresAt'),
    studies: array(fields, 'studies', decodeSharedStudy),
    seriesScoped: boolean(fields, 'seriesScoped'),
    allowDownload: boolean(fields, 'allowDownload'),
  };
}

/** Signs in; the new session's CSRF token goes into the client. */
export async function login(client: ApiClient, username: string, password: string): Promise<StaffSession> {
  const session = decodeStaffSession(await client.post('/api/login', { username, password }));
  client.setCsrfToken(session.csrfToken);
  return session;
}

/** The signed-in staff session (401 ApiError when there is none); its CSRF token goes into the client. */
export async function fetchMe(client: ApiClient, signal?: AbortSignal): Promise<StaffSession> {
  const session = decodeStaffSession(await client.get('/api/me', signal));
  client.setCsrfToken(session.csrfToken);
  return session;
}

export async function logout(client: ApiClient): Promise<void> {
  await client.post('/api/logout');
  client.setCsrfToken(undefined);
}

export async function fetchShareSession(client: ApiClient, signal?: AbortSignal): Promise<ShareSessionInfo> {
  return decodeShareSession(await client.get('/api/share-session', signal));
}

/** Ends this browser's share session (the recipient leaves). */
export async function leaveShareSession(client: ApiClient): Promise<void> {
  await client.delete('/api/share-session');
}
