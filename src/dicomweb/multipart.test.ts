import { describe, expect, it } from 'vitest';
import { formatMultipart, MultipartError, parseMediaType, parseMultipart } from './multipart';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array) => new TextDecoder().decode(data);

describe('parseMediaType', () => {
  it('parses quoted and bare parameters', () => {
    expect(parseMediaType('multipart/related; type="application/dicom"; boundary=abc')).toEqual({
      type: 'multipart/related',
      params: { type: 'application/dicom', boundary: 'abc' },
    });
    expect(parseMediaType('Multipart/Related;boundary="a;b"')?.params.boundary).toBe('a;b');
    expect(parseMediaType('not a type')).toBeUndefined();
  });
});

describe('multipart round trip', () => {
  it('keeps binary bodies byte for byte, including CRLF and boundary-like bytes', () => {
    const binary = new Uint8Array([0, 13, 10, 45, 45, 98, 255, 13, 10]);
    const body = formatMultipart('xyz', [
      { headers: { 'Content-Type': 'application/dicom' }, body: binary },
      { headers: { 'Content-Type': 'application/octet-stream' }, body: bytes('two') },
    ]);
    const parts = parseMultipart(body, 'xyz');
    expect(parts).toHaveLength(2);
    expect(Array.from(parts[0]!.body)).toEqual(Array.from(binary));
    expect(parts[0]!.headers['content-type']).toBe('application/dicom');
    expect(text(parts[1]!.body)).toBe('two');
  });

  it('accepts a preamble before the first delimiter and parts without headers', () => {
    const parts = parseMultipart(bytes('preamble\r\n--b\r\n\r\nbody\r\n--b--\r\n'), 'b');
    expect(parts.map((p) => text(p.body))).toEqual(['body']);
  });

  it('reports broken framing', () => {
    expect(() => parseMultipart(bytes('no boundary here'), 'b')).toThrow(MultipartError);
    expect(() => parseMultipart(bytes('--b\r\nContent-Type: x\r\n\r\nunterminated'), 'b')).toThrow(MultipartError);
  });
});
