/**
 * multipart/related (RFC 2387) as DICOMweb uses it (PS3.18 8.6.1.2): content-type parameters,
 * part framing and a whole-body parser. Isomorphic: bytes are Uint8Array, never Buffer.
 */
import { joinBytes } from '../dicom/bytes';

interface MediaType {
  /** Lower-case type/subtype, e.g. "multipart/related". */
  type: string;
  /** Parameter names lower-cased; quoted values unquoted. */
  params: Record<string, string>;
}

export interface Part {
  headers: Record<string, string>;
  body: Uint8Array;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('latin1');

/** Parses `type/subtype; a=b; c="d;e"`. Returns undefined when the type itself is malformed. */
export function parseMediaType(value: string | undefined): MediaType | undefined {
  if (!value) return undefined;
  const match = /^\s*([A-Za-z0-9!#$&^_.+-]+\/[A-Za-z0-9!#$&^_.+-]+)\s*(.*)$/s.exec(value);
  if (!match) return undefined;
  const params: Record<string, string> = {};
  const paramPattern = /;\s*([A-Za-z0-9!#$&^_.+-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/g;
  for (const [, name, raw] of match[2]!.matchAll(paramPattern)) {
    const trimmed = raw!.trim();
    params[name!.toLowerCase()] = trimmed.startsWith('"') ? trimmed.slice(1, -1).replace(/\\(.)/g, '$1') : trimmed;
  }
  return { type: match[1]!.toLowerCase(), params };
}

/** A boundary that cannot occur by chance in DICOM data. */
export function newBoundary(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return `secondread-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/** The bytes that open one part: delimiter line and headers, ending with the blank line. */
export function partHeader(boundary: string, headers: Record<string, string>): Uint8Array {
  const lines = Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  return encoder.encode(`--${boundary}\r\n${lines}\r\n`);
}

/** CRLF after a part's body. */
export const PART_END = encoder.encode('\r\n');

/** The closing delimiter. */
export function closeDelimiter(boundary: string): Uint8Array {
  return encoder.encode(`--${boundary}--\r\n`);
}

/** Frames whole parts into one body; for streaming, write partHeader/body/PART_END yourself. */
export function formatMultipart(boundary: string, parts: Part[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  for (const part of parts) chunks.push(partHeader(boundary, part.headers), part.body, PART_END);
  chunks.push(closeDelimiter(boundary));
  return joinBytes(chunks);
}

/**
 * Parses a complete multipart body. Throws MultipartError when the framing is broken: a missing
 * first delimiter, a part without a header block, or no closing delimiter.
 */
export function parseMultipart(body: Uint8Array, boundary: string): Part[] {
  const delimiter = encoder.encode(`--${boundary}`);
  let position = indexOf(body, delimiter, 0);
  if (position < 0) throw new MultipartError('The body does not contain the boundary');
  const parts: Part[] = [];
  for (;;) {
    let cursor = position + delimiter.length;
    if (body[cursor] === 0x2d && body[cursor + 1] === 0x2d) return parts;
    cursor = skipLineEnd(body, skipTransportPadding(body, cursor));
    const headerEnd = indexOf(body, encoder.encode('\r\n\r\n'), cursor);
    const emptyHeaders = body[cursor] === 0x0d && body[cursor + 1] === 0x0a;
    if (headerEnd < 0 && !emptyHeaders) throw new MultipartError('A part has no header block');
    const bodyStart = emptyHeaders ? cursor + 2 : headerEnd + 4;
    const headers = emptyHeaders ? {} : parsePartHeaders(decoder.decode(body.subarray(cursor, headerEnd)));
    const next = indexOf(body, encoder.encode(`\r\n--${boundary}`), bodyStart - 2);
    if (next < 0) throw new MultipartError('The body ends without a closing boundary');
    parts.push({ headers, body: body.subarray(bodyStart, Math.max(bodyStart, next)) });
    position = next + 2;
  }
}

export class MultipartError extends Error {
  override name = 'MultipartError';
}

/** Header block of one part (CRLF-separated lines); names lower-cased. */
export function parsePartHeaders(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

function skipTransportPadding(body: Uint8Array, at: number): number {
  while (body[at] === 0x20 || body[at] === 0x09) at++;
  return at;
}

function skipLineEnd(body: Uint8Array, at: number): number {
  if (body[at] === 0x0d && body[at + 1] === 0x0a) return at + 2;
  throw new MultipartError('A boundary line is not followed by CRLF');
}

/** First index of `needle` in `haystack` at or after `from`, or -1. */
function indexOf(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0];
  const last = haystack.length - needle.length;
  outer: for (let i = Math.max(0, from); i <= last; i++) {
    if (haystack[i] !== first) continue;
    for (let j = 1; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
