import { ApiError } from '../api/apiClient';
import { describeDuration } from './expiry';

/** Words for a refused share change (create, extend, revoke), mapped from the gateway's codes. */
export function describeShareError(error: unknown): string {
  if (!(error instanceof ApiError))
    return 'Something unexpected went wrong. Try again, and reload the page if it keeps failing.';
  switch (error.code) {
    case 'EXPIRY_TOO_LONG': {
      const limit = /(\d+) seconds/.exec(error.message)?.[1];
      return `This server allows links of at most ${limit ? describeDuration(Number(limit)) : 'its configured maximum'}. Pick an earlier expiry.`;
    }
    case 'STUDY_NOT_FOUND':
      return 'The archive no longer has this study, so it cannot be shared.';
    case 'SERIES_NOT_FOUND':
      return 'A chosen series is not in the study. Reload the viewer and choose again.';
    case 'STUDY_WITHOUT_SERIES':
      return 'A study would be shared without any of its series. Choose at least one series of each study.';
    case 'SHARE_REVOKED':
      return 'This link was revoked and cannot be changed. Create a new one.';
    case 'SHARE_NOT_FOUND':
      return 'This link no longer exists.';
    case 'CSRF_REFUSED':
      return 'The request was refused as coming from another site. Reload the page and try again.';
    case 'UNAUTHENTICATED':
    case 'SESSION_EXPIRED':
      return 'Your session has ended. Sign in again.';
    case 'SERVER_UNREACHABLE':
      return error.message;
  }
  if (error.status === 400) return `The server refused the link: ${error.message}.`;
  return `The server could not do that (${error.status}). Try again in a moment.`;
}
