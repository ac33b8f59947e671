import { HttpError } from '../errors';

/**
 * What the browser sees when the upstream archive fails. Messages never carry the upstream URL,
 * its error body or the gateway's credentials: the upstream is an implementation detail. The
 * `cause` (logged by the app's error handler for 5xx, never sent) says what happened, in words
 * built here from error codes and statuses only, so no URL or header can slip into the log.
 */

const withCause = (error: HttpError, cause: string) => Object.assign(error, { cause });

export const upstreamUnreachable = (cause: string) =>
  withCause(new HttpError(502, 'UPSTREAM_UNAVAILABLE', 'Archive unreachable'), cause);

/**
 * A 401/403 from the archive is about the gateway's own credentials, not the user's: forwarding it
 * would make the browser believe it must log in.
 */
const upstreamCredentialsRefused = (status: number) =>
  withCause(
    new HttpError(
      502,
      'UPSTREAM_CREDENTIALS_REFUSED',
      "The archive refused the gateway's credentials; an administrator must check DICOMWEB_USER/DICOMWEB_PASSWORD or DICOMWEB_TOKEN",
    ),
    `upstream answered HTTP ${status}`,
  );

export const upstreamInvalidAnswer = (what: string) =>
  withCause(
    new HttpError(502, 'UPSTREAM_ERROR', `The archive sent an answer the gateway cannot use: ${what}`),
    `upstream answer: ${what}`,
  );

/** Maps an upstream error status to the gateway's error; 2xx never reaches here. */
export function upstreamStatusError(status: number): HttpError {
  switch (status) {
    case 400:
      return new HttpError(400, 'BAD_REQUEST', 'The archive rejected the request');
    case 401:
    case 403:
      return upstreamCredentialsRefused(status);
    case 404:
      return new HttpError(404, 'NOT_FOUND', 'Not found in the archive');
    case 406:
      return new HttpError(
        406,
        'NOT_ACCEPTABLE',
        'The archive cannot provide the requested media type or transfer syntax',
      );
    case 413:
      return new HttpError(413, 'PAYLOAD_TOO_LARGE', 'The archive refused the upload as too large');
    case 415:
      return new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'The archive does not accept this media type');
    case 502:
    case 503:
    case 504:
      return upstreamUnreachable(`upstream answered HTTP ${status}`);
    default:
      return upstreamInvalidAnswer(`HTTP status ${status}`);
  }
}
