import { connect, createServer, type Server, type Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createProxyBackend } from '../../src/server/proxy/proxyBackend';
import { corpusSeries } from './fixtures';
import { gatewayApp } from './gateway';

/**
 * Orthanc announces `Keep-Alive: timeout=1`, which Node's agent takes as too short to reuse a
 * socket: the proxy must still keep its upstream connections, or every frame pays for a new one.
 * A TCP relay in front of the shared Orthanc counts the connections the proxy opens.
 */

const orthanc = inject('orthanc');
const ctSeries = corpusSeries('series/ct-philips-head-phantom-1mm/');
const FRAME_ACCEPT = 'multipart/related; type="application/octet-stream"; transfer-syntax=*';

let relay: Server;
let connections = 0;
const open = new Set<Socket>();
let app: FastifyInstance;
let instances: string[];

beforeAll(async () => {
  const target = new URL(orthanc.baseUrl);
  relay = createServer((client) => {
    connections++;
    const upstream = connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
      socket.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  const port = await new Promise<number>((resolve) =>
    relay.listen(0, '127.0.0.1', () => resolve((relay.address() as { port: number }).port)),
  );
  app = await gatewayApp(createProxyBackend({ url: `http://127.0.0.1:${port}${target.pathname}` }));
  const listing = await app.inject({
    method: 'GET',
    url: `/dicomweb/studies/${ctSeries.study}/series/${ctSeries.series}/instances?includefield=00080018`,
  });
  instances = listing.json<{ '00080018': { Value: [string] } }[]>().map((dataset) => dataset['00080018'].Value[0]);
});

afterAll(async () => {
  await app.close();
  for (const socket of open) socket.destroy();
  await new Promise((resolve) => relay.close(resolve));
});

const frame = (sopInstanceUID: string) =>
  app.inject({
    method: 'GET',
    url: `/dicomweb/studies/${ctSeries.study}/series/${ctSeries.series}/instances/${sopInstanceUID}/frames/1`,
    headers: { accept: FRAME_ACCEPT },
  });

describe('proxy backend: upstream connections', () => {
  it('reuses its connection to Orthanc from one frame to the next', async () => {
    connections = 0;
    for (const uid of instances.slice(0, 20)) expect((await frame(uid)).statusCode).toBe(200);
    expect(connections).toBeLessThanOrEqual(1);
  });

  it('lets an idle connection go before Orthanc closes it, so the next request does not fail', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    connections = 0;
    expect((await frame(instances[0]!)).statusCode).toBe(200);
    expect(connections).toBe(1);
  });
});
