import { Readable } from 'node:stream';
import { MultipartError, parseMediaType } from '../../dicomweb/multipart';
import type { DicomwebBackend, RequestContext } from '../dicomweb/backend';
import type { RetrieveRequest } from '../dicomweb/request';

type InstanceRequest = Extract<RetrieveRequest, { kind: 'instances' }> & { series: string; instance: string };

/**
 * Asks for the file as stored (no transcoding, PS3.18 8.7.3.5.2). Multipart first: it is the one
 * form every WADO-RS server must offer; the archive and some upstreams also answer application/dicom.
 */
const ACCEPT =
  'multipart/related; type="application/dicom"; transfer-syntax=*, application/dicom; transfer-syntax=*; q=0.9';
const MAX_PART_HEADER_BYTES = 16 * 1024;
const HEADER_END = Buffer.from('\r\n\r\n');

/** The bytes of one Part 10 file, streamed from a WADO-RS Retrieve Instance of the backend. */
export async function instanceBytes(
  backend: DicomwebBackend,
  request: InstanceRequest,
  context: RequestContext,
): Promise<AsyncIterable<Uint8Array>> {
  const response = await backend.retrieve(request, { ...context, accept: ACCEPT, ifNoneMatch: undefined });
  const body =
    response.body === undefined
      ? Readable.from([])
      : typeof response.body === 'string' || Buffer.isBuffer(response.body)
        ? Readable.from([Buffer.from(response.body)])
        : response.body;
  const contentType = Object.entries(response.headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  const mediaType = parseMediaType(contentType);
  if (mediaType?.type === 'multipart/related') {
    const boundary = mediaType.params.boundary;
    if (boundary === undefined) throw new MultipartError('The multipart answer has no boundary');
    return firstPart(body, boundary);
  }
  if (mediaType?.type !== 'application/dicom')
    throw new MultipartError(`Expected application/dicom, got ${contentType ?? 'no content type'}`);
  return body;
}

/**
 * The body of the first part of a multipart/related stream, chunk by chunk. Chunks pass through
 * as they are (no copies); only less than a delimiter's length is held back between chunks, in
 * case a delimiter starts at the end of one and ends in the next.
 */
async function* firstPart(body: AsyncIterable<Uint8Array>, boundary: string): AsyncGenerator<Uint8Array> {
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  // A leading CRLF lets the first delimiter, at the very start of the body, be found like the others.
  let head: Buffer | undefined = Buffer.from('\r\n');
  let held = Buffer.alloc(0);
  for await (const raw of body) {
    let chunk = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    if (head !== undefined) {
      // Preamble, delimiter and part headers: small, so simply gathered until the blank line.
      head = Buffer.concat([head, chunk]);
      const start = head.indexOf(delimiter);
      const end = start < 0 ? -1 : head.indexOf(HEADER_END, start + delimiter.length);
      if (end < 0) {
        if (head.length > MAX_PART_HEADER_BYTES)
          throw new MultipartError('The multipart answer has no part header block');
        continue;
      }
      chunk = head.subarray(end + HEADER_END.length);
      head = undefined;
    }
    const spanning = Buffer.concat([held, chunk.subarray(0, delimiter.length - 1)]).indexOf(delimiter);
    if (spanning >= 0 && spanning < held.length) {
      yield held.subarray(0, spanning);
      return;
    }
    const at = chunk.indexOf(delimiter);
    if (at >= 0) {
      yield Buffer.concat([held, chunk.subarray(0, at)]);
      return;
    }
    // Everything but the stream's last (delimiter - 1) bytes is body for sure.
    const emit = held.length + chunk.length - Math.min(held.length + chunk.length, delimiter.length - 1);
    if (emit <= held.length) {
      if (emit > 0) yield held.subarray(0, emit);
      held = Buffer.concat([held.subarray(emit), chunk]);
    } else {
      if (held.length > 0) yield held;
      yield chunk.subarray(0, emit - held.length);
      held = Buffer.from(chunk.subarray(emit - held.length));
    }
  }
  throw new MultipartError('The multipart answer ends inside its first part');
}
