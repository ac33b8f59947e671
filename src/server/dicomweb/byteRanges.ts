/**
 * Single byte ranges of retrieve answers (RFC 9110 14): what lets a client read the first bytes of
 * an HTJ2K frame, paint its low resolutions, then fetch the rest. Only whole answers held in memory
 * with an ETag qualify: the ETag names exactly these bytes, so ranges fetched one after another
 * belong together. Streams are answered whole. Pure.
 */
import type { BackendResponse } from './backend';

/** A range header that is malformed, or names several ranges, is ignored (RFC 9110 14.2): the whole answer goes. */
const SINGLE_RANGE = /^bytes=(\d*)-(\d*)$/;

/** The answer to send for a Range (and If-Range) header: 206 with the slice, 416, or the answer as it is. */
export function answerRange(
  response: BackendResponse,
  range: string | undefined,
  ifRange: string | string[] | undefined,
): BackendResponse {
  const { status, headers, body } = response;
  const etag = headers.etag;
  if (status !== 200 || !Buffer.isBuffer(body) || etag === undefined) return response;
  const whole = { ...response, headers: { ...headers, 'accept-ranges': 'bytes' } };
  // If-Range with a date, a weak tag or another tag: the client's earlier bytes are not these (RFC 9110 13.1.5).
  if (range === undefined || (ifRange !== undefined && (typeof ifRange !== 'string' || ifRange.trim() !== etag))) {
    return whole;
  }
  const match = SINGLE_RANGE.exec(range.trim());
  if (match === null) return whole;
  const [, first = '', last = ''] = match;
  const total = body.length;
  let start: number;
  let end: number;
  if (first === '') {
    if (last === '') return whole;
    // A suffix: the last n bytes, all of them when n exceeds the length.
    start = Math.max(0, total - Number(last));
    end = total - 1;
    if (Number(last) === 0) return unsatisfiable(headers, total);
  } else {
    start = Number(first);
    end = last === '' ? total - 1 : Math.min(Number(last), total - 1);
    if (last !== '' && Number(last) < start) return whole;
  }
  if (start >= total) return unsatisfiable(headers, total);
  return {
    status: 206,
    headers: { ...whole.headers, 'content-range': `bytes ${start}-${end}/${total}` },
    body: body.subarray(start, end + 1),
  };
}

function unsatisfiable(headers: Record<string, string>, total: number): BackendResponse {
  return {
    status: 416,
    headers: {
      etag: headers.etag!,
      'accept-ranges': 'bytes',
      'content-range': `bytes */${total}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({
      error: 'RANGE_NOT_SATISFIABLE',
      message: `The requested byte range lies outside the ${total} bytes of this answer`,
    }),
  };
}
