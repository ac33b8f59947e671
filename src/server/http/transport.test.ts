import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusDir } from '../../../test/support/corpus';
import { allowAllGuard } from '../../../test/support/dicomweb/allowAllGuard';
import { startHarness, STUDIES, type Client, type Harness } from '../../../test/support/sharing/harness';
import { buildApp } from '../app';
import { openArchive } from '../archive/archive';
import { silentLogger } from '../archive/logger';
import { ANONYMOUS_INDEX_CACHE, withBootstrap } from './indexPage';
import { HASHED_ASSET_CACHE } from './staticCache';

/**
 * What travels to a remote reader: for each kind of answer, the Content-Encoding, Vary and
 * Cache-Control it carries, and that its body, once decoded, is the one an identity request gets.
 */
const BR = { 'accept-encoding': 'br, gzip' };
const GZIP = { 'accept-encoding': 'gzip' };
const IDENTITY = { 'accept-encoding': 'identity' };

function decoded(response: LightMyRequestResponse): Buffer {
  const encoding = response.headers['content-encoding'];
  if (encoding === 'br') return brotliDecompressSync(response.rawPayload);
  if (encoding === 'gzip') return gunzipSync(response.rawPayload);
  expect(encoding).toBeUndefined();
  return response.rawPayload;
}

const varyOf = (response: LightMyRequestResponse) =>
  (response.headers.vary ?? '')
    .split(',')
    .map((token) => token.trim().toLowerCase())
    .filter(Boolean);

interface Expected {
  encoding: 'br' | 'gzip' | undefined;
  /** Whether Vary names accept-encoding. */
  variesByEncoding: boolean;
  cacheControl: string | undefined;
}

/**
 * The compressed and the identity answer carry the expected headers and the same decoded content;
 * `content` reads what must be equal where the bytes differ from one answer to the next (a zip's times).
 */
function expectTransport(
  compressed: LightMyRequestResponse,
  identity: LightMyRequestResponse,
  expected: Expected,
  content: (body: Buffer, response: LightMyRequestResponse) => unknown = withoutBoundary,
) {
  expect(compressed.statusCode).toBe(identity.statusCode);
  expect(compressed.headers['content-encoding']).toBe(expected.encoding);
  expect(varyOf(compressed).includes('accept-encoding')).toBe(expected.variesByEncoding);
  expect(compressed.headers['cache-control']).toBe(expected.cacheControl);
  expect(identity.headers['content-encoding']).toBeUndefined();
  expect(identity.headers['cache-control']).toBe(expected.cacheControl);
  expect(identity.rawPayload.length).toBeGreaterThan(0);
  if (expected.encoding !== undefined) expect(compressed.rawPayload.length).toBeLessThan(identity.rawPayload.length);
  // An answer left alone keeps the Content-Length its route set.
  else expect(compressed.headers['content-length']).toBe(identity.headers['content-length']);
  expect(content(decoded(compressed), compressed)).toEqual(content(identity.rawPayload, identity));
}

/** The body, with a multipart boundary (new for each answer) replaced by a fixed one. */
function withoutBoundary(body: Buffer, response: LightMyRequestResponse): string {
  const boundary = /boundary="?([^";]+)"?/.exec(String(response.headers['content-type']))?.[1];
  const text = body.toString('latin1');
  return boundary === undefined ? text : text.replaceAll(boundary, 'BOUNDARY');
}

/** A zip's entries, name to sha256; the DICOMDIR only by name, as each download makes a new file-set UID. */
function zipEntries(body: Buffer): Record<string, string> {
  const entries = Object.entries(unzipSync(body));
  return Object.fromEntries(
    entries.map(([name, bytes]) => [
      name,
      name === 'DICOMDIR' ? name : createHash('sha256').update(bytes).digest('hex'),
    ]),
  );
}

describe('the built web app', () => {
  const staticDir = mkdtempSync(path.join(os.tmpdir(), 'secondread-static-'));
  // As the build leaves them: a small index.html alone, a hashed asset with its .br and .gz.
  const indexHtml =
    '<!doctype html><html><head><script type="module" src="/assets/index-Ab12Cd34.js"></script></head></html>';
  const script = `export const rows = [${Array.from({ length: 400 }, (_, i) => `"row ${i}"`).join(',')}];\n`;
  let app: FastifyInstance;

  beforeAll(async () => {
    writeFileSync(path.join(staticDir, 'index.html'), indexHtml);
    mkdirSync(path.join(staticDir, 'assets'));
    const asset = path.join(staticDir, 'assets', 'index-Ab12Cd34.js');
    writeFileSync(asset, script);
    writeFileSync(`${asset}.br`, brotliCompressSync(script));
    writeFileSync(`${asset}.gz`, gzipSync(script));
    const dataDir = path.join(staticDir, 'data');
    app = await buildApp({
      config: { maxUploadBytes: 1024 ** 2, staticDir, trustProxy: false, logLevel: 'silent' },
      backend: await openArchive({ dataDir, logger: silentLogger }),
      guard: allowAllGuard,
    });
  });
  afterAll(async () => {
    await app.close();
    rmSync(staticDir, { recursive: true, force: true });
  });

  const get = (url: string, headers: Record<string, string>) => app.inject({ method: 'GET', url, headers });

  it('sends a hashed asset precompressed as the client accepts, cached for a year', async () => {
    const identity = await get('/assets/index-Ab12Cd34.js', IDENTITY);
    expect(identity.body).toBe(script);
    const expected = { variesByEncoding: true, cacheControl: HASHED_ASSET_CACHE };
    expectTransport(await get('/assets/index-Ab12Cd34.js', BR), identity, { ...expected, encoding: 'br' });
    const gzipped = await get('/assets/index-Ab12Cd34.js', GZIP);
    expectTransport(gzipped, identity, { ...expected, encoding: 'gzip' });
    expect(gzipped.headers['content-type']).toMatch(/^application\/javascript/);
  });

  it('sends index.html and the SPA routes that answer it revalidated and private, with its bootstrap', async () => {
    // Made per request (its session answers are one browser's): small, and sent as it is.
    const expected = { encoding: undefined, variesByEncoding: false, cacheControl: ANONYMOUS_INDEX_CACHE };
    for (const url of ['/', '/index.html', '/studies/1.2.3']) {
      const identity = await get(url, IDENTITY);
      expect(identity.body, url).toBe(withBootstrap(indexHtml, { configJson: null, probes: [] }));
      expect(identity.headers.vary).toBe('Cookie');
      expectTransport(await get(url, BR), identity, expected);
    }
  });
});

describe('the gateway’s answers', () => {
  let h: Harness;
  let admin: Client;
  const { study, series, instance } = STUDIES.french;
  const base = `/dicomweb/studies/${study}/series/${series}/instances/${instance}`;

  beforeAll(async () => {
    h = await startHarness({ corpusDir });
    admin = await h.signedIn('admin');
  });
  afterAll(() => h.close());

  /** The same request with brotli/gzip accepted and with identity only. */
  const both = async (url: string, headers: Record<string, string> = {}) =>
    [await admin.get(url, { ...headers, ...BR }), await admin.get(url, { ...headers, ...IDENTITY })] as const;

  it('compresses QIDO JSON', async () => {
    const [compressed, identity] = await both('/dicomweb/instances?includefield=all');
    expect(identity.headers['content-type']).toMatch(/^application\/dicom\+json/);
    expectTransport(compressed, identity, { encoding: 'br', variesByEncoding: true, cacheControl: undefined });
  });

  it('compresses metadata JSON and keeps its Vary: Accept', async () => {
    const [compressed, identity] = await both(`/dicomweb/studies/${study}/metadata`);
    expect(identity.headers['content-type']).toMatch(/^application\/dicom\+json/);
    expectTransport(compressed, identity, {
      encoding: 'br',
      variesByEncoding: true,
      cacheControl: identity.headers['cache-control'],
    });
    expect(varyOf(compressed)).toEqual(['accept', 'accept-encoding']);
  });

  it('sends metadata asked again compressed alike, from the kept answer', async () => {
    const url = `/dicomweb/studies/${study}/metadata`;
    const identity = await admin.get(url, IDENTITY);
    for (const headers of [BR, BR, GZIP, GZIP]) {
      const again = await admin.get(url, headers);
      expectTransport(again, identity, {
        encoding: headers === BR ? 'br' : 'gzip',
        variesByEncoding: true,
        cacheControl: identity.headers['cache-control'],
      });
      expect(varyOf(again)).toEqual(['accept', 'accept-encoding']);
      expect(again.headers.etag).toBe(identity.headers.etag);
    }
  });

  it('compresses /api JSON above the threshold and leaves tiny answers alone', async () => {
    for (let i = 0; i < 6; i++) {
      const created = await admin.post('/api/shares', { expiresInSeconds: 3600, studyInstanceUIDs: [study] });
      expect(created.statusCode).toBe(201);
    }
    const [compressed, identity] = await both('/api/shares');
    expect(identity.headers['content-type']).toMatch(/^application\/json/);
    expectTransport(compressed, identity, { encoding: 'br', variesByEncoding: true, cacheControl: 'no-store' });
    const [tiny, tinyIdentity] = await both('/api/me');
    expect(tinyIdentity.rawPayload.length).toBeLessThan(1024);
    expectTransport(tiny, tinyIdentity, { encoding: undefined, variesByEncoding: false, cacheControl: 'no-store' });
  });

  it('never compresses a frame, single-part or multipart', async () => {
    const frame = `${base}/frames/1`;
    for (const accept of ['application/octet-stream', 'multipart/related; type="application/octet-stream"']) {
      const [compressed, identity] = await both(frame, { accept: `${accept}; transfer-syntax=*` });
      expect(identity.statusCode, accept).toBe(200);
      expect(String(identity.headers['content-type'])).toContain(
        accept.startsWith('multipart') ? 'multipart/related' : 'application/octet-stream',
      );
      expectTransport(compressed, identity, {
        encoding: undefined,
        variesByEncoding: false,
        cacheControl: identity.headers['cache-control'],
      });
    }
  });

  it('never compresses an instance', async () => {
    const [compressed, identity] = await both(base, {
      accept: 'multipart/related; type="application/dicom"; transfer-syntax=*',
    });
    expect(identity.statusCode).toBe(200);
    expect(String(identity.headers['content-type'])).toMatch(/^multipart\/related/);
    expectTransport(compressed, identity, {
      encoding: undefined,
      variesByEncoding: false,
      cacheControl: identity.headers['cache-control'],
    });
  });

  it('never compresses a download zip', async () => {
    const [compressed, identity] = await both(`/api/studies/${study}/download`);
    expect(identity.statusCode).toBe(200);
    expect(identity.headers['content-type']).toBe('application/zip');
    const expected = { encoding: undefined, variesByEncoding: false, cacheControl: 'no-store' };
    expectTransport(compressed, identity, expected, zipEntries);
    expect(Object.keys(zipEntries(identity.rawPayload))).toContain('DICOMDIR');
  });
});
