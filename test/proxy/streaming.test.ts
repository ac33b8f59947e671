import http from 'node:http';
import { connect, createServer, type Server } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createProxyBackend } from '../../src/server/proxy/proxyBackend';
import { corpusSeries } from './fixtures';
import { listeningGateway } from './gateway';

/**
 * The gateway must stream, not buffer: a 71 MB series passes through while the gateway holds only
 * socket-sized chunks. A counting TCP relay between the gateway and Orthanc shows how much the
 * gateway has pulled from upstream while the client is not reading.
 */

const orthanc = inject('orthanc');
const ct = corpusSeries('series/ct-philips-head-phantom-1mm/');

interface Relay {
  server: Server;
  port: number;
  /** Bytes Orthanc has sent so far. */
  received(): number;
  /** Connections from the gateway still open. */
  open(): number;
}

/** Forwards TCP both ways to Orthanc, counting the bytes Orthanc sends; pipe() keeps backpressure end to end. */
function countingRelay(targetPort: number): Promise<Relay> {
  let received = 0;
  let open = 0;
  const server = createServer((client) => {
    open++;
    const upstream = connect(targetPort, '127.0.0.1');
    upstream.on('data', (chunk: Buffer) => (received += chunk.length));
    client.pipe(upstream).pipe(client);
    client.on('close', () => {
      open--;
      upstream.destroy();
    });
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    upstream.on('close', () => client.destroy());
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      resolve({ server, port, received: () => received, open: () => open });
    });
  });
}

let relay: Relay;
let gateway: { app: FastifyInstance; url: string };
beforeAll(async () => {
  relay = await countingRelay(Number(new URL(orthanc.restUrl).port));
  gateway = await listeningGateway(createProxyBackend({ url: `http://127.0.0.1:${relay.port}/dicom-web` }));
});
afterAll(async () => {
  await gateway.app.close();
  await new Promise((resolve) => relay.server.close(resolve));
});

function get(url: string, headers: Record<string, string>): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => http.get(url, { headers }, resolve).on('error', reject));
}

async function bodySize(url: string, headers: Record<string, string>): Promise<number> {
  let size = 0;
  for await (const chunk of await get(url, headers)) size += (chunk as Buffer).length;
  return size;
}

const memory = () => {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
};

describe('proxy backend: streaming', () => {
  it('passes a whole series through without holding it', async () => {
    const path = `/studies/${ct.study}/series/${ct.series}`;
    const headers = { accept: 'multipart/related; type="application/dicom"' };
    // Orthanc streams series without a Content-Length: learn the size from Orthanc itself.
    const total = await bodySize(`${orthanc.baseUrl}${path}`, headers);
    expect(total).toBeGreaterThan(60 * 1024 ** 2);

    const baseline = memory();
    const response = await get(`${gateway.url}/dicomweb${path}`, headers);
    try {
      expect(response.statusCode).toBe(200);
      // The client stops reading after its first chunk: the gateway must stop pulling from Orthanc.
      const first = await new Promise<Buffer>((resolve) => response.once('data', resolve));
      response.pause();
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      // Socket buffers on both hops hold some MB (about 9 MB of 75 measured); a buffering gateway would have pulled it all.
      expect(relay.received()).toBeLessThan(total * 0.3);

      let peak = memory();
      let size = first.length;
      const sampler = setInterval(() => (peak = Math.max(peak, memory())), 5);
      for await (const chunk of response) size += (chunk as Buffer).length;
      clearInterval(sampler);
      expect(size).toBe(total);
      // Loose: the test's own client shares the process (about 19 MB growth measured).
      expect(peak - baseline).toBeLessThan(total / 2);
    } finally {
      response.destroy();
    }
  });

  it('stops pulling from Orthanc when the client goes away', async () => {
    const path = `/studies/${ct.study}/series/${ct.series}`;
    const before = relay.received();
    const response = await get(`${gateway.url}/dicomweb${path}`, {
      accept: 'multipart/related; type="application/dicom"',
    });
    await new Promise((resolve) => response.once('data', resolve));
    response.destroy();
    // The gateway aborts its upstream request: the connection to Orthanc closes and the bytes stop.
    await expect.poll(() => relay.open(), { timeout: 5_000 }).toBe(0);
    expect(relay.received() - before).toBeLessThan(30 * 1024 ** 2);
  });
});
