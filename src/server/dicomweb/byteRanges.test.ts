import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { BackendResponse } from './backend';
import { answerRange } from './byteRanges';

const ETAG = '"abc"';
const body = Buffer.from('0123456789');
const answer = (overrides: Partial<BackendResponse> = {}): BackendResponse => ({
  status: 200,
  headers: { etag: ETAG, 'content-type': 'image/jphc' },
  body,
  ...overrides,
});
const ranged = (range: string | undefined, ifRange?: string | string[]) => answerRange(answer(), range, ifRange);

describe('answerRange', () => {
  it('answers one satisfiable range with 206 and the slice', () => {
    expect(ranged('bytes=2-4')).toEqual({
      status: 206,
      headers: { etag: ETAG, 'content-type': 'image/jphc', 'accept-ranges': 'bytes', 'content-range': 'bytes 2-4/10' },
      body: Buffer.from('234'),
    });
    expect(ranged('bytes=7-')).toMatchObject({ status: 206, body: Buffer.from('789') });
    expect(ranged('bytes=-3')).toMatchObject({ status: 206, body: Buffer.from('789') });
    // An end past the last byte, or a suffix longer than the body, stops at the last byte.
    expect(ranged('bytes=8-100')).toMatchObject({ status: 206, headers: { 'content-range': 'bytes 8-9/10' } });
    expect(ranged('bytes=-50')).toMatchObject({ status: 206, headers: { 'content-range': 'bytes 0-9/10' }, body });
  });

  it('answers 416 with the length when the range starts past the end', () => {
    for (const range of ['bytes=10-', 'bytes=10-20', 'bytes=-0']) {
      const res = ranged(range);
      expect(res.status, range).toBe(416);
      expect(res.headers['content-range'], range).toBe('bytes */10');
      expect(JSON.parse(String(res.body))).toMatchObject({ error: 'RANGE_NOT_SATISFIABLE' });
    }
  });

  it('sends the whole answer for malformed or several ranges, and when If-Range names another version', () => {
    for (const range of ['bytes=4-2', 'bytes=0-1,4-5', 'items=0-1', 'bytes=-', 'bytes=a-b']) {
      expect(ranged(range), range).toEqual({ ...answer(), headers: { ...answer().headers, 'accept-ranges': 'bytes' } });
    }
    expect(ranged('bytes=0-1', '"other"')).toMatchObject({ status: 200, body });
    expect(ranged('bytes=0-1', 'Wed, 21 Oct 2015 07:28:00 GMT')).toMatchObject({ status: 200, body });
    expect(ranged('bytes=0-1', [ETAG, ETAG])).toMatchObject({ status: 200, body });
    expect(ranged('bytes=0-1', ETAG)).toMatchObject({ status: 206, body: Buffer.from('01') });
  });

  it('leaves streams, answers without an ETag and other statuses as they are', () => {
    const stream = answer({ body: Readable.from([body]) });
    expect(answerRange(stream, 'bytes=0-1', undefined)).toBe(stream);
    const untagged = answer({ headers: { 'content-type': 'image/jphc' } });
    expect(answerRange(untagged, 'bytes=0-1', undefined)).toBe(untagged);
    const notFound = answer({ status: 404 });
    expect(answerRange(notFound, 'bytes=0-1', undefined)).toBe(notFound);
  });
});
