import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createHtj2kEncoder } from '../../src/server/htj2k/encoder';
import { createProxyBackend } from '../../src/server/proxy/proxyBackend';
import { openTranscodeCache, type TranscodeCache } from '../../src/server/proxy/transcodeCache';
import { decodeHtj2k, readCodestreamHeader } from '../support/htj2k';
import { corpusInstance, corpusSeries, instancePath } from './fixtures';
import { fetchBytes, gatewayApp, multipartParts } from './gateway';

/** The proxy's on-the-fly HTJ2K frames (issue 13), against the shared Orthanc's own uncompressed frames. */

const orthanc = inject('orthanc');
const HTJ2K = '1.2.840.10008.1.2.4.202';
const SINGLE = `image/jphc; transfer-syntax=${HTJ2K}`;
const MULTIPART = `multipart/related; type="image/jphc"; transfer-syntax=${HTJ2K}`;
/** What the viewer asks for (src/viewer/progressive.ts): HTJ2K, else any syntax as before. */
const VIEWER = `${SINGLE}, multipart/related; type="application/octet-stream"; transfer-syntax=*; q=0.5`;
const UNCOMPRESSED = 'multipart/related; type="application/octet-stream"; transfer-syntax=1.2.840.10008.1.2.1';

const knee = corpusInstance('kinds/multiframe/mr-enhanced-knee-19frames.dcm');
const jpegLossy = corpusInstance('syntaxes/jpeg-baseline__ot-mono-8bit.dcm');
const jpegLossless = corpusInstance('syntaxes/jpeg-lossless-sv1__ct-cs3d.dcm');
const ctSeries = corpusSeries('series/ct-philips-head-phantom-1mm/');

let app: FastifyInstance;
let cache: TranscodeCache;
let cacheDir: string;
beforeAll(async () => {
  cacheDir = await mkdtemp(path.join(tmpdir(), 'proxy-htj2k-'));
  cache = await openTranscodeCache({ dir: cacheDir, maxBytes: 64 * 1024 ** 2 });
  const encoder = createHtj2kEncoder({ workers: 1 });
  app = await gatewayApp(createProxyBackend({ url: orthanc.baseUrl, transcode: { encoder, cache } }));
});
afterAll(async () => {
  await app.close();
  await rm(cacheDir, { recursive: true, force: true });
});

const get = (url: string, accept: string, headers: Record<string, string> = {}) =>
  app.inject({ method: 'GET', url: `/dicomweb${url}`, headers: { accept, ...headers } });

/** Orthanc's own uncompressed frame: the reference every HTJ2K frame must decode to. */
async function orthancUncompressed(url: string): Promise<Uint8Array> {
  const direct = await fetchBytes(`${orthanc.baseUrl}${url}`, UNCOMPRESSED);
  expect(direct.status).toBe(200);
  const [part] = multipartParts(direct.contentType, direct.body);
  return part!.body;
}

async function firstCtInstance(): Promise<string> {
  const response = await fetch(
    `${orthanc.baseUrl}/studies/${ctSeries.study}/series/${ctSeries.series}/instances?limit=1`,
    { headers: { accept: 'application/dicom+json' } },
  );
  const [dataset] = (await response.json()) as { '00080018': { Value: [string] } }[];
  return dataset!['00080018'].Value[0];
}

function expectSameBytes(actual: Uint8Array, expected: Uint8Array) {
  expect(actual.length).toBe(expected.length);
  expect(Buffer.compare(Buffer.from(actual), Buffer.from(expected))).toBe(0);
}

describe('proxy: HTJ2K frames made from the upstream', () => {
  it('serves a CT slice as progressive lossless HTJ2K that decodes to Orthanc’s pixels exactly', async () => {
    const url = `/studies/${ctSeries.study}/series/${ctSeries.series}/instances/${await firstCtInstance()}/frames/1`;
    const response = await get(url, VIEWER);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe(SINGLE);
    const codestream = response.rawPayload;
    const header = readCodestreamHeader(codestream);
    expect(header.progressionOrder).toBe(2);
    expect(header.reversible).toBe(true);
    // Smaller than the 512 KB it stands for, or progressive loading gains nothing.
    expect(codestream.length).toBeLessThan(512 * 512);
    const decoded = await decodeHtj2k(codestream);
    expect([decoded.rows, decoded.columns]).toEqual([512, 512]);
    expectSameBytes(decoded.pixels, await orthancUncompressed(url));
  });

  it('serves a frame of a multi-frame MR as multipart HTJ2K, bit-exact, and the same bytes from its cache', async () => {
    const url = `${instancePath(knee)}/frames/7`;
    const first = await get(url, MULTIPART);
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toMatch(/^multipart\/related; type="image\/jphc"/);
    const [part] = multipartParts(first.headers['content-type'], first.rawPayload);
    expect(part!.headers['content-type']).toBe(SINGLE);
    expectSameBytes((await decodeHtj2k(part!.body)).pixels, await orthancUncompressed(url));

    const held = cache.size();
    expect(held).toBeGreaterThan(0);
    const again = await get(url, MULTIPART);
    expect(again.headers.etag).toBe(first.headers.etag);
    expectSameBytes(again.rawPayload, first.rawPayload);
    expect(cache.size()).toBe(held);

    const revalidated = await get(url, MULTIPART, { 'if-none-match': String(first.headers.etag) });
    expect(revalidated.statusCode).toBe(304);
  });

  it('answers the byte ranges progressive loading asks for, adding up to the whole frame', async () => {
    const url = `${instancePath(knee)}/frames/11`;
    const whole = await get(url, VIEWER);
    const total = whole.rawPayload.length;
    const head = await get(url, VIEWER, { range: 'bytes=0-4095' });
    expect(head.statusCode).toBe(206);
    expect(head.headers['content-range']).toBe(`bytes 0-4095/${total}`);
    const tail = await get(url, VIEWER, { range: 'bytes=4096-' });
    expect(tail.statusCode).toBe(206);
    expect(tail.headers.etag).toBe(whole.headers.etag);
    expectSameBytes(Buffer.concat([head.rawPayload, tail.rawPayload]), whole.rawPayload);
  });

  it('re-encodes a frame stored in a lossless syntax once the upstream decoded it, bit-exact', async () => {
    const url = `${instancePath(jpegLossless)}/frames/1`;
    const response = await get(url, SINGLE);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe(SINGLE);
    expectSameBytes((await decodeHtj2k(response.rawPayload)).pixels, await orthancUncompressed(url));
  });

  it('passes a lossy frame through as stored when the client also takes that, and refuses it as HTJ2K only', async () => {
    const url = `${instancePath(jpegLossy)}/frames/1`;
    const fallback = await get(url, VIEWER);
    expect(fallback.statusCode).toBe(200);
    const [part] = multipartParts(fallback.headers['content-type'], fallback.rawPayload);
    expect(part!.headers['content-type']).toContain('1.2.840.10008.1.2.4.50');
    const direct = await fetchBytes(
      `${orthanc.baseUrl}${url}`,
      'multipart/related; type="application/octet-stream"; transfer-syntax=*',
    );
    expectSameBytes(part!.body, multipartParts(direct.contentType, direct.body)[0]!.body);

    expect((await get(url, SINGLE)).statusCode).toBe(406);
  });

  it('leaves requests that do not name HTJ2K as they were', async () => {
    const url = `${instancePath(knee)}/frames/2`;
    const response = await get(url, 'multipart/related; type="application/octet-stream"; transfer-syntax=*');
    expect(response.statusCode).toBe(200);
    const [part] = multipartParts(response.headers['content-type'], response.rawPayload);
    expect(part!.headers['content-type']).not.toContain('image/jphc');
    expectSameBytes(part!.body, await orthancUncompressed(url));
  });
});
