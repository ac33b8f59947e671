/**
 * Streaming multipart/related reader (RFC 2046 5.1.1, PS3.18 8.6.1.2) for STOW-RS: part bodies go
 * to their writers as they arrive, so an upload of any size needs only a chunk of memory.
 * Framing errors throw MultipartError, the same as the whole-body parser in src/dicomweb.
 */
import { MultipartError, parsePartHeaders } from '../../../dicomweb/multipart';

export interface PartWriter {
  write(chunk: Uint8Array): Promise<void>;
  end(): Promise<void>;
}

export type PartOpener = (headers: Record<string, string>) => Promise<PartWriter>;

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');
const MAX_HEADER_BYTES = 16 * 1024;

/** Reads every part of the body; returns the number of parts. */
export async function readMultipart(
  body: AsyncIterable<Uint8Array>,
  boundary: string,
  openPart: PartOpener,
): Promise<number> {
  // Searching for CRLF + "--boundary" everywhere also finds a first delimiter at the very start.
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  let buffer: Buffer = Buffer.from(CRLF);
  // Widened on purpose: step() changes it, which narrowing at the loop below cannot see.
  let state = 'preamble' as 'preamble' | 'delimiter' | 'headers' | 'body' | 'done';
  let writer: PartWriter | undefined;
  let parts = 0;

  const step = async (): Promise<boolean> => {
    switch (state) {
      case 'preamble': {
        const at = buffer.indexOf(delimiter);
        if (at < 0) {
          buffer = buffer.subarray(Math.max(0, buffer.length - delimiter.length + 1));
          return false;
        }
        buffer = buffer.subarray(at + delimiter.length);
        state = 'delimiter';
        return true;
      }
      case 'delimiter': {
        let at = 0;
        while (buffer[at] === 0x20 || buffer[at] === 0x09) at++;
        if (buffer.length < at + 2) return false;
        if (buffer[0] === 0x2d && buffer[1] === 0x2d) {
          state = 'done';
          return false;
        }
        if (buffer[at] !== 0x0d || buffer[at + 1] !== 0x0a)
          throw new MultipartError('A boundary line is not followed by CRLF');
        buffer = buffer.subarray(at + 2);
        state = 'headers';
        return true;
      }
      case 'headers': {
        if (buffer.length < 2) return false;
        const empty = buffer[0] === 0x0d && buffer[1] === 0x0a;
        const end = empty ? 0 : buffer.indexOf(HEADER_END);
        if (end < 0) {
          if (buffer.length > MAX_HEADER_BYTES) throw new MultipartError('A part has no header block');
          return false;
        }
        const headers = empty ? {} : parsePartHeaders(buffer.subarray(0, end).toString('latin1'));
        buffer = buffer.subarray(empty ? 2 : end + HEADER_END.length);
        writer = await openPart(headers);
        parts++;
        state = 'body';
        return true;
      }
      case 'body': {
        const at = buffer.indexOf(delimiter);
        const safe = at >= 0 ? at : buffer.length - delimiter.length + 1;
        if (safe > 0) await writer!.write(buffer.subarray(0, safe));
        if (at < 0) {
          buffer = buffer.subarray(Math.max(0, safe));
          return false;
        }
        await writer!.end();
        writer = undefined;
        buffer = buffer.subarray(at + delimiter.length);
        state = 'delimiter';
        return true;
      }
      case 'done':
        return false;
    }
  };

  for await (const chunk of body) {
    if (state === 'done') continue;
    buffer = buffer.length === 0 ? Buffer.from(chunk) : Buffer.concat([buffer, chunk]);
    while (await step());
  }
  if (state !== 'done') {
    throw new MultipartError(
      state === 'preamble' ? 'The body does not contain the boundary' : 'The body ends without a closing boundary',
    );
  }
  return parts;
}
