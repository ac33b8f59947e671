import { HttpError } from '../errors';
import type { AnonymousPrincipal, Principal, RejectedCredential } from './principal';

/** Errors of the access layer; codes are stable and documented in docs/api.md. */
export const unauthenticated = (principal?: AnonymousPrincipal) => {
  const reason = principal?.rejected?.reason;
  if (reason === 'SHARE_REVOKED') return new HttpError(401, reason, 'This share link has been revoked');
  if (reason === 'SHARE_EXPIRED') return new HttpError(401, reason, 'This share link has expired');
  if (reason === 'LINK_REVOKED') return new HttpError(401, reason, 'This link has been withdrawn');
  if (reason === 'LINK_EXPIRED') return new HttpError(401, reason, 'This link has expired');
  if (reason === 'SESSION_EXPIRED')
    return new HttpError(401, reason, 'The session has ended; sign in or open the link again');
  return new HttpError(401, 'UNAUTHENTICATED', 'Sign in first');
};
/**
 * The 401 of a session endpoint (/api/share-session, /api/patient-session, /api/upload-session): it names
 * why a credential failed only when it was that endpoint's kind, so an ended upload link does not read as
 * an ended patient link to a browser that holds both cookies.
 */
export const noSessionOf = (kind: RejectedCredential['kind'], principal: Principal) =>
  unauthenticated(principal.kind === 'anonymous' && principal.rejected?.kind === kind ? principal : undefined);
export const forbidden = (message: string, code = 'FORBIDDEN') => new HttpError(403, code, message);
export const csrfRefused = (message: string) => new HttpError(403, 'CSRF_REFUSED', message);
export const invalidCredentials = () => new HttpError(401, 'INVALID_CREDENTIALS', 'Wrong username or password');
export const conflict = (message: string, code: string) => new HttpError(409, code, message);
