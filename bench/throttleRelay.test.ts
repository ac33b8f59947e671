import { createHash, randomBytes } from 'node:crypto';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startThrottleRelay, type LinkProfile, type ThrottleRelay } from './throttleRelay';

const PROFILE: LinkProfile = { downBitsPerSecond: 40e6, upBitsPerSecond: 8e6, roundTripMs: 60 };

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function listen(onConnection: (socket: Socket) => void): Promise<string> {
  const sockets = new Set<Socket>();
  const server: Server = createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket);
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}`;
}

async function relayTo(url: string): Promise<ThrottleRelay> {
  const relay = await startThrottleRelay(url, PROFILE);
  cleanups.push(() => relay.close());
  return relay;
}

async function open(relay: ThrottleRelay): Promise<Socket> {
  const socket = connect(Number(new URL(relay.url).port), '127.0.0.1');
  cleanups.push(() => void socket.destroy());
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return socket;
}

/** Everything the socket receives until it ends, with the arrival times of the first and last bytes. */
function receiveAll(socket: Socket): Promise<{ bytes: Buffer; firstMs: number; lastMs: number }> {
  const chunks: Buffer[] = [];
  let firstMs = 0;
  let lastMs = 0;
  socket.on('data', (chunk: Buffer) => {
    lastMs = performance.now();
    if (chunks.length === 0) firstMs = lastMs;
    chunks.push(chunk);
  });
  return new Promise((resolve) => socket.once('end', () => resolve({ bytes: Buffer.concat(chunks), firstMs, lastMs })));
}

describe('throttling relay', () => {
  it('delivers the bytes intact, downstream at the set rate', async () => {
    const payload = randomBytes(3_000_000);
    const relay = await relayTo(await listen((socket) => socket.end(payload)));
    const received = await receiveAll(await open(relay));
    expect(received.bytes.length).toBe(payload.length);
    expect(sha(received.bytes)).toBe(sha(payload));
    // First to last byte carries all but the bucket's first burst (25 ms of the link).
    const seconds = (received.lastMs - received.firstMs) / 1000;
    const rate = ((payload.length - PROFILE.downBitsPerSecond / 8 / 40) * 8) / seconds;
    expect(rate / PROFILE.downBitsPerSecond).toBeGreaterThan(0.9);
    expect(rate / PROFILE.downBitsPerSecond).toBeLessThan(1.1);
    expect(relay.bytesDown(0, Date.now())).toBe(payload.length);
  });

  it('carries uploads intact at the upstream rate', async () => {
    const upload = randomBytes(600_000);
    let startedMs = 0;
    const url = await listen((socket) => {
      const chunks: Buffer[] = [];
      socket.on('data', (chunk: Buffer) => {
        if (chunks.length === 0) startedMs = performance.now();
        chunks.push(chunk);
      });
      socket.on('end', () => {
        const seconds = (performance.now() - startedMs) / 1000;
        socket.end(JSON.stringify({ sha: sha(Buffer.concat(chunks)), bytes: Buffer.concat(chunks).length, seconds }));
      });
    });
    const relay = await relayTo(url);
    const socket = await open(relay);
    const answer = receiveAll(socket);
    socket.end(upload);
    const report = JSON.parse((await answer).bytes.toString('utf8')) as { sha: string; bytes: number; seconds: number };
    expect(report).toMatchObject({ sha: sha(upload), bytes: upload.length });
    const rate = ((upload.length - 32 * 1024) * 8) / report.seconds;
    expect(rate / PROFILE.upBitsPerSecond).toBeGreaterThan(0.9);
    expect(rate / PROFILE.upBitsPerSecond).toBeLessThan(1.1);
    expect(relay.bytesUp()).toBe(upload.length);
  });

  it('adds half the round trip each way, and one round trip for the handshake', async () => {
    const arrivals: number[] = [];
    const relay = await relayTo(
      await listen((socket) =>
        socket.on('data', (chunk: Buffer) => {
          arrivals.push(performance.now());
          socket.write(chunk);
        }),
      ),
    );
    const connectedMs = performance.now();
    const socket = await open(relay);
    const ping = async () => {
      const sentMs = performance.now();
      const echoed = new Promise<number>((resolve) => socket.once('data', () => resolve(performance.now())));
      socket.write('ping');
      const backMs = await echoed;
      return { upMs: arrivals.at(-1)! - sentMs, downMs: backMs - arrivals.at(-1)!, sentMs };
    };
    const first = await ping();
    // Sent at once after connect: it goes up after the handshake's round trip plus the one-way delay.
    expect(arrivals[0]! - connectedMs).toBeGreaterThanOrEqual(PROFILE.roundTripMs * 1.5 - 2);
    expect(arrivals[0]! - connectedMs).toBeLessThan(PROFILE.roundTripMs * 1.5 + 30);
    expect(first.downMs).toBeGreaterThanOrEqual(PROFILE.roundTripMs / 2 - 1);
    // Never less than half the round trip; typically no more than timer slack (median: a busy machine's timers run late).
    const oneWays: number[] = [];
    for (let i = 0; i < 7; i++) {
      const { upMs, downMs } = await ping();
      oneWays.push(upMs, downMs);
    }
    expect(Math.min(...oneWays)).toBeGreaterThanOrEqual(PROFILE.roundTripMs / 2 - 1);
    const median = oneWays.sort((a, b) => a - b)[oneWays.length / 2]!;
    expect(median).toBeLessThan(PROFILE.roundTripMs / 2 + 6);
  });
});
