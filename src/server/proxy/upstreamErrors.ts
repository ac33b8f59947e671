import { HttpError } from '../errors';

/**
 * What the browser sees when the upstream archive fails. Messages never carry the upstream URL,
 * its error body or the gateway's credentials: the upstream is an implementation detail.
 */

export const upstreamUnreachable = () => new HttpError(502, 'UPSTREAM_UNAVAILABLE', 'Archive unreachable');

/**
 * A 401/403 from the archive is about the gateway's own credentials, not the user's: forwarding it
 * would make the browser believe it must log in.
 */
export const upstreamCredentialsRefused = () =>
  new HttpError(
    502,
    'UPSTREAM_CREDENTIALS_REFUSED',
    "The archive refused the gateway's credentials; an administrator must check DICOMWEB_USER/DICOMWEB_PASSWORD or DICOMWEB_TOKEN",
  );

export const upstreamInvalidAnswer = (what: string) =>
  new HttpError(502, 'UPSTREAM_ERROR', `The archive sent an answer the gateway cannot use: ${what}`);

/** Maps an upstream error status to the gateway's error; 2xx never reaches here. */
export function upstreamStatusError(status: number): HttpError {
  switch (status) {
    case 400:
      return new HttpError(400, 'BAD_REQUEST', 'The archive rejected the request');
    case 401:
    case 403:
      return upstreamCredentialsRefused();
    case 404:
      return new HttpError(404, 'NOT_FOUND', 'Not found in the archive');
    case 406:
      return new HttpError(406, 'NOT_ACCEPTABLE', 'The archive cannot provide the requested media type or transfer syntax');
    case 413:
      return new HttpError(413, 'PAYLOAD_TOO_LARGE', 'The archive refused the upload as too large');
    case 415:
      return new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'The archive does not accept this media type');
    case 502:
    case 503:
    case 504:
      return upstreamUnreachable();
    default:
      return upstreamInvalidAnswer(`HTTP status ${status}`);
  }
}
