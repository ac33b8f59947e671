import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createProxyBackend } from '../../src/server/proxy/proxyBackend';
import { startOrthanc } from '../support/orthanc';
import { gatewayApp } from './gateway';

/** An upstream that is gone or hangs: the browser gets a 502 JSON error, never a hang or a stack trace. */

const UNAVAILABLE = { error: 'UPSTREAM_UNAVAILABLE', message: 'Archive unreachable' };
const servers: Server[] = [];
const sockets: Socket[] = [];
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

async function requests(url: string, options: { idleTimeoutMs?: number } = {}) {
  const app = await gatewayApp(createProxyBackend({ url, ...options }));
  const inject = (method: 'GET' | 'POST', path: string) =>
    app.inject({
      method,
      url: path,
      headers: method === 'POST' ? { 'content-type': 'multipart/related; type="application/dicom"; boundary=x' } : {},
      payload: method === 'POST' ? '--x\r\nContent-Type: application/dicom\r\n\r\nDICM\r\n--x--\r\n' : undefined,
    });
  return { app, inject };
}

const PATHS: ['GET' | 'POST', string][] = [
  ['GET', '/dicomweb/studies'],
  ['GET', '/dicomweb/studies/1.2.3/metadata'],
  ['GET', '/dicomweb/studies/1.2.3/series/4.5/instances/6.7/frames/1'],
  ['POST', '/dicomweb/studies'],
];

describe('proxy backend: upstream unavailable', () => {
  it('answers 502 JSON when Orthanc has stopped', async () => {
    const orthanc = await startOrthanc();
    await orthanc.stop();
    const { app, inject } = await requests(orthanc.baseUrl);
    for (const [method, path] of PATHS) {
      const response = await inject(method, path);
      expect(response.statusCode, path).toBe(502);
      expect(response.json()).toEqual(UNAVAILABLE);
    }
    expect((await inject('GET', '/healthz')).json()).toEqual({ status: 'unavailable', backend: 'proxy' });
    await app.close();
  });

  it('gives up on an upstream that accepts connections but never answers', async () => {
    const server = createServer((socket) => sockets.push(socket));
    servers.push(server);
    const port = await new Promise<number>((resolve) =>
      server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
    );
    const { app, inject } = await requests(`http://127.0.0.1:${port}/dicom-web`, { idleTimeoutMs: 300 });
    const started = Date.now();
    const response = await inject('GET', '/dicomweb/studies');
    expect(response.statusCode).toBe(502);
    expect(response.json()).toEqual(UNAVAILABLE);
    expect(Date.now() - started).toBeLessThan(5_000);
    await app.close();
  });
});
