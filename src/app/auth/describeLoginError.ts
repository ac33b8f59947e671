import { ApiError } from '../api/apiClient';

/** Words for a failed sign-in; the user can act on each one. */
export function describeLoginError(error: unknown): string {
  if (!(error instanceof ApiError)) return 'Signing in failed unexpectedly. Reload the page and try again.';
  switch (error.code) {
    case 'INVALID_CREDENTIALS':
      return 'Wrong username or password.';
    case 'TOO_MANY_ATTEMPTS': {
      // The server's wait doubles from one second; under two minutes, seconds say it best.
      const seconds = Math.max(1, Math.ceil(error.retryAfterSeconds ?? 60));
      const wait = seconds < 120 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`;
      return `Too many failed sign-ins — try again in ${wait}.`;
    }
    case 'CSRF_REFUSED':
      return 'The sign-in came from another site and was refused. Open SecondRead directly and try again.';
    case 'SERVER_UNREACHABLE':
      return error.message;
  }
  if (error.status === 400) return 'Enter a username and a password.';
  return `The server could not sign you in (${error.status}). Try again in a moment.`;
}
