import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createCompressedAnswers, preferredEncoding } from './compressedAnswers';

describe('preferred encoding', () => {
  it('takes brotli, then gzip, and no coding refused with q=0', () => {
    expect(preferredEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(preferredEncoding('gzip;q=1.0, br;q=0')).toBe('gzip');
    expect(preferredEncoding('BR;q=0.5')).toBe('br');
    expect(preferredEncoding('x-gzip')).toBe('gzip');
    expect(preferredEncoding('identity')).toBeUndefined();
    expect(preferredEncoding('br;q=0.0, gzip;q=0')).toBeUndefined();
    expect(preferredEncoding(undefined)).toBeUndefined();
  });
});

describe('compressed answers', () => {
  const json = (label: string) => Buffer.from(JSON.stringify(Array.from({ length: 200 }, (_, i) => ({ label, i }))));

  it('compresses an answer once per coding and gives the same bytes back for the same answer', async () => {
    const compressedCopy = createCompressedAnswers(1024 * 1024);
    const answer = json('a');
    const first = await compressedCopy('br', answer);
    expect(brotliDecompressSync(first).equals(answer)).toBe(true);
    expect(await compressedCopy('br', Buffer.from(answer))).toBe(first);
    const gzipped = await compressedCopy('gzip', answer);
    expect(gunzipSync(gzipped).equals(answer)).toBe(true);
  });

  it('never gives one answer for another, whatever tag they share', async () => {
    const compressedCopy = createCompressedAnswers(1024 * 1024);
    await compressedCopy('br', json('whole study'));
    const other = json('one series');
    expect(brotliDecompressSync(await compressedCopy('br', other)).equals(other)).toBe(true);
  });
});
