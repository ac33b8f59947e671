import { describe, expect, it } from 'vitest';
import { formatMultipart, MultipartError } from '../../../dicomweb/multipart';
import { readMultipart, type PartOpener } from './multipartStream';

const encoder = new TextEncoder();
const BOUNDARY = 'b0undary';

/** Collects parts in memory, as the STOW handler writes them to files. */
function collector() {
  const parts: { headers: Record<string, string>; body: string; ended: boolean }[] = [];
  const open: PartOpener = async (headers) => {
    const part = { headers, body: '', ended: false };
    parts.push(part);
    const decoder = new TextDecoder('latin1');
    return {
      write: async (chunk) => void (part.body += decoder.decode(chunk, { stream: true })),
      end: async () => void (part.ended = true),
    };
  };
  return { parts, open };
}

async function* chunks(bytes: Uint8Array, size: number) {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

const body = formatMultipart(BOUNDARY, [
  { headers: { 'Content-Type': 'application/dicom' }, body: encoder.encode('first\r\n--b0undar not a delimiter') },
  { headers: { 'Content-Type': 'application/dicom', 'Content-Location': 'x' }, body: encoder.encode('') },
  { headers: { 'Content-Type': 'application/dicom' }, body: encoder.encode('third'.repeat(1000)) },
]);

describe('readMultipart', () => {
  it.each([1, 2, 3, 7, 13, 64, 100_000])('reads the same parts whatever the chunk size (%i bytes)', async (size) => {
    const { parts, open } = collector();
    expect(await readMultipart(chunks(body, size), BOUNDARY, open)).toBe(3);
    expect(parts.map((p) => p.body)).toEqual(['first\r\n--b0undar not a delimiter', '', 'third'.repeat(1000)]);
    expect(parts.every((p) => p.ended)).toBe(true);
    expect(parts[1]?.headers).toEqual({ 'content-type': 'application/dicom', 'content-location': 'x' });
  });

  it('skips a preamble and an epilogue, and accepts transport padding and parts without headers', async () => {
    const text = `preamble\r\n--${BOUNDARY}  \r\n\r\nno headers\r\n--${BOUNDARY}\r\nContent-Type: application/dicom\r\n\r\nsecond\r\n--${BOUNDARY}--\r\nepilogue`;
    const { parts, open } = collector();
    expect(await readMultipart(chunks(encoder.encode(text), 5), BOUNDARY, open)).toBe(2);
    expect(parts.map((p) => [p.headers, p.body])).toEqual([
      [{}, 'no headers'],
      [{ 'content-type': 'application/dicom' }, 'second'],
    ]);
  });

  it.each([
    ['no boundary at all', 'just bytes', /does not contain the boundary/],
    ['no closing delimiter', `--${BOUNDARY}\r\n\r\nbody`, /ends without a closing boundary/],
    ['garbage after a delimiter', `--${BOUNDARY}xx\r\n\r\nbody\r\n--${BOUNDARY}--`, /not followed by CRLF/],
    [
      'headers that never end',
      `--${BOUNDARY}\r\nContent-Type: application/dicom\r\n${'X-Filler: y\r\n'.repeat(2000)}`,
      /no header block/,
    ],
  ])('throws MultipartError for %s', async (_name, text, message) => {
    const { open } = collector();
    const reading = readMultipart(chunks(encoder.encode(text), 4096), BOUNDARY, open);
    await expect(reading).rejects.toThrow(MultipartError);
    await expect(reading).rejects.toThrow(message);
  });

  it('stops when the part opener refuses a part', async () => {
    const refusing: PartOpener = async () => {
      throw new Error('not this one');
    };
    await expect(readMultipart(chunks(body, 10), BOUNDARY, refusing)).rejects.toThrow('not this one');
  });
});
