import { Readable } from 'node:stream';
import { closeDelimiter, newBoundary, PART_END, partHeader } from '../../../dicomweb/multipart';

export interface OutgoingPart {
  /** Header names as written; Cornerstone's WADO-RS loader looks for exactly `Content-Type:`. */
  headers: Record<string, string>;
  body: Uint8Array | AsyncIterable<Uint8Array>;
}

interface MultipartBody {
  boundary: string;
  /**
   * Streams the parts as they are produced. `release` runs once when the stream closes: at the
   * end, on an error, or when the client goes away, even before the first part was produced.
   */
  stream(parts: AsyncIterable<OutgoingPart>, release?: () => Promise<void>): Readable;
}

/**
 * A multipart/related body (RFC 2387, PS3.18 8.6.1.2) written part by part, never held whole. A
 * body with a strong ETag passes a boundary derived from it, so the same answer is the same bytes.
 */
export function multipartBody(boundary = newBoundary()): MultipartBody {
  return {
    boundary,
    stream: (parts, release) => {
      const readable = Readable.from(frame(boundary, parts), { objectMode: false });
      if (release) readable.once('close', () => void release().catch(() => {}));
      return readable;
    },
  };
}

async function* frame(boundary: string, parts: AsyncIterable<OutgoingPart>): AsyncGenerator<Uint8Array> {
  for await (const part of parts) {
    yield partHeader(boundary, part.headers);
    if (part.body instanceof Uint8Array) yield part.body;
    else for await (const chunk of part.body) yield chunk;
    yield PART_END;
  }
  yield closeDelimiter(boundary);
}
