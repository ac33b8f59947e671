import { ApiError } from '../api/apiClient';

/** Words for a refused upload-link or Incoming request. The gateway's own sentences name the problem. */
export function describeUploadError(error: unknown): string {
  if (!(error instanceof ApiError))
    return 'Something unexpected went wrong. Try again, and reload the page if it keeps failing.';
  if (error.code === 'UNAUTHENTICATED' || error.code === 'SESSION_EXPIRED')
    return 'Your session has ended. Sign in again.';
  if (error.status === 0 || (error.status >= 400 && error.status < 500)) return error.message;
  return `The server could not do that (${error.status}). Try again in a moment.`;
}
