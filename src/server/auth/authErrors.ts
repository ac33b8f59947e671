import { HttpError } from '../errors';
import type { AnonymousPrincipal } from './principal';

/** Errors of the access layer; codes are stable and documented in docs/api.md. */
export const unauthenticated = (principal?: AnonymousPrincipal) => {
  const reason = principal?.rejected?.reason;
  if (reason === 'SHARE_REVOKED') return new HttpError(401, reason, 'This share link has been revoked');
  if (reason === 'SHARE_EXPIRED') return new HttpError(401, reason, 'This share link has expired');
  if (reason === 'SESSION_EXPIRED')
    return new HttpError(401, reason, 'The session has ended; sign in or open the link again');
  return new HttpError(401, 'UNAUTHENTICATED', 'Sign in first');
};
export const forbidden = (message: string, code = 'FORBIDDEN') => new HttpError(403, code, message);
export const csrfRefused = (message: string) => new HttpError(403, 'CSRF_REFUSED', message);
export const invalidCredentials = () => new HttpError(401, 'INVALID_CREDENTIALS', 'Wrong username or password');
export const conflict = (message: string, code: string) => new HttpError(409, code, message);
