import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../src/server/archive/archive';
import { silentLogger } from '../../src/server/archive/logger';
import { createProxyBackend } from '../../src/server/proxy/proxyBackend';
import { corpusDir } from '../support/corpus';
import { corpusInstance, instancePath } from './fixtures';
import { gatewayApp, listeningGateway } from './gateway';

/**
 * Conditional requests through the proxy. Orthanc sends no ETags on DICOMweb, so the upstream
 * here is another SecondRead gateway on the embedded archive, which does.
 */

const knee = corpusInstance('kinds/multiframe/mr-enhanced-knee-19frames.dcm');
let dataDir: string;
let upstream: { app: FastifyInstance; url: string };
let proxy: FastifyInstance;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'secondread-conditional-'));
  const archive = await openArchive({ dataDir, logger: silentLogger });
  const outcome = await archive.ingest(
    new Uint8Array(await readFile(`${corpusDir}/kinds/multiframe/mr-enhanced-knee-19frames.dcm`)),
  );
  if (!outcome.ok) throw new Error(outcome.reason);
  upstream = await listeningGateway(archive);
  proxy = await gatewayApp(createProxyBackend({ url: `${upstream.url}/dicomweb` }));
});
afterAll(async () => {
  await proxy?.close();
  await upstream?.app.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('proxy backend: conditional retrieval', () => {
  it("passes the upstream's ETag on and answers 304 when it still matches", async () => {
    const url = `/dicomweb${instancePath(knee)}/frames/1`;
    const first = await proxy.inject({ method: 'GET', url });
    expect(first.statusCode).toBe(200);
    const etag = first.headers.etag;
    expect(typeof etag).toBe('string');
    const again = await proxy.inject({ method: 'GET', url, headers: { 'if-none-match': String(etag) } });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
    expect(again.headers.etag).toBe(etag);
    const changed = await proxy.inject({ method: 'GET', url, headers: { 'if-none-match': '"something-else"' } });
    expect(changed.statusCode).toBe(200);
  });
});
