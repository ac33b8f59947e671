import { DicomwebError } from '../../dicomweb/client';

interface ErrorDescription {
  title: string;
  detail: string;
}

/**
 * Maps a failed search to words a reader can act on. The client's codes and statuses are the
 * contract; messages from the server are shown only where they say something specific.
 */
export function describeSearchError(error: unknown, source: { direct: boolean; baseUrl: string }): ErrorDescription {
  if (!(error instanceof DicomwebError)) {
    return {
      title: 'The search failed',
      detail: 'Something unexpected went wrong. Retry, and reload the page if it keeps failing.',
    };
  }
  if (error.code === 'ARCHIVE_UNREACHABLE') {
    return {
      title: 'Archive unreachable',
      detail: source.direct
        ? `No answer from ${source.baseUrl}. Check the network, that this server allows requests from this page (CORS), and that SecondRead's CSP_CONNECT_SRC setting lists it.`
        : 'No answer from the SecondRead server. Check the network connection.',
    };
  }
  if (error.status === 401) {
    return {
      title: 'Sign-in required (401)',
      detail: source.direct
        ? 'The DICOMweb server refused the request. Open the link again with a valid #token=….'
        : 'Your session has ended or you are not signed in.',
    };
  }
  if (error.status === 403) {
    return {
      title: 'Access denied (403)',
      detail: 'You are not allowed to search this archive. Ask its administrator for access.',
    };
  }
  // The gateway's proxy codes (src/server/proxy/upstreamErrors.ts): the archive behind it failed.
  if (error.code === 'UPSTREAM_CREDENTIALS_REFUSED') {
    return { title: 'The archive refused the SecondRead server', detail: `${error.message}.` };
  }
  if (error.code === 'UPSTREAM_ERROR') {
    return {
      title: 'The archive could not answer',
      detail: `${error.message}. Retry; if it keeps failing, tell the administrator.`,
    };
  }
  if (error.code === 'UPSTREAM_UNAVAILABLE' || error.status === 502 || error.status === 503 || error.status === 504) {
    return {
      title: 'Archive unreachable',
      detail: source.direct
        ? `${source.baseUrl} is not answering (${error.status}). Retry in a moment.`
        : `The archive behind the SecondRead server is not answering (${error.status}). Retry in a moment; if it persists, tell the administrator.`,
    };
  }
  if (error.status >= 400 && error.status < 500) {
    return {
      title: 'The archive rejected the search',
      detail: `${error.message} (${error.status}). Change the search and try again.`,
    };
  }
  return { title: 'The archive could not answer', detail: `${error.message} (${error.status}).` };
}
