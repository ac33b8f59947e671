import { createServer, connect, type Socket } from 'node:net';

/** A remote reader's access link. */
export interface LinkProfile {
  /** Server → browser. */
  downBitsPerSecond: number;
  /** Browser → server. */
  upBitsPerSecond: number;
  roundTripMs: number;
}

export type NetworkName = 'lan' | 'broadband' | '4g';

/** The profiles; 'lan' is loopback with no relay. */
export const NETWORK_PROFILES: Record<NetworkName, LinkProfile | undefined> = {
  lan: undefined,
  broadband: { downBitsPerSecond: 50e6, upBitsPerSecond: 10e6, roundTripMs: 30 },
  '4g': { downBitsPerSecond: 12e6, upBitsPerSecond: 3e6, roundTripMs: 70 },
};

/** One delivery to the browser: when (epoch ms) and how many bytes. */
interface Delivery {
  atWallMs: number;
  bytes: number;
}

export interface ThrottleRelay {
  /** http://127.0.0.1:<relay port>: the server under test, behind the link. */
  readonly url: string;
  /** Bytes delivered to the browser between two wall-clock times (epoch ms, inclusive). */
  bytesDown(fromWallMs: number, toWallMs: number): number;
  /** Bytes the browser sent, in total. */
  bytesUp(): number;
  close(): Promise<void>;
}

/** Slices as large as a few TCP segments: the link interleaves connections at this grain. */
const SLICE_BYTES = 16 * 1024;
/** The bucket holds this much of the link's time, so a timer that fires late (a busy machine) costs no throughput. */
const BURST_MS = 25;
/** A source is paused while this much of it waits for the link, as TCP's window would hold it back. */
const HIGH_WATER_BYTES = 256 * 1024;

/** Tokens are bytes; they accrue at the link's rate up to one burst, so late timers do not lose throughput. */
class TokenBucket {
  private tokens: number;
  private updatedMs = performance.now();

  constructor(
    private readonly bytesPerMs: number,
    private readonly burstBytes: number,
  ) {
    this.tokens = burstBytes;
  }

  /** Takes `bytes` when available now; otherwise the ms until they will be. */
  take(bytes: number): number {
    const now = performance.now();
    this.tokens = Math.min(this.burstBytes, this.tokens + (now - this.updatedMs) * this.bytesPerMs);
    this.updatedMs = now;
    if (this.tokens >= bytes) {
      this.tokens -= bytes;
      return 0;
    }
    return (bytes - this.tokens) / this.bytesPerMs;
  }
}

/** Data of one connection waiting for the link in one direction. */
interface Flow {
  source: Socket;
  destination: Socket;
  queue: Buffer[];
  queuedBytes: number;
  /** Handshake not done yet: nothing enters the link before this (performance.now() ms). */
  notBeforeMs: number;
  /** Ends the destination once everything queued and in flight is delivered. */
  ended: boolean;
  inFlight: number;
}

/**
 * One direction of the link: flows take turns (round robin, one slice each, as a fair-queuing
 * home router does) through a shared token bucket, then each slice travels the one-way delay.
 */
class Direction {
  private readonly bucket: TokenBucket;
  private readonly flows: Flow[] = [];
  private next = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly delayLine: { dueMs: number; flow: Flow; chunk: Buffer }[] = [];
  private delayTimer: NodeJS.Timeout | undefined;

  constructor(
    bitsPerSecond: number,
    private readonly oneWayMs: number,
    private readonly delivered: (bytes: number) => void,
  ) {
    const bytesPerMs = bitsPerSecond / 8 / 1000;
    this.bucket = new TokenBucket(bytesPerMs, Math.max(2 * SLICE_BYTES, bytesPerMs * BURST_MS));
  }

  add(flow: Flow): void {
    this.flows.push(flow);
  }

  enqueue(flow: Flow, chunk: Buffer): void {
    for (let start = 0; start < chunk.length; start += SLICE_BYTES)
      flow.queue.push(chunk.subarray(start, start + SLICE_BYTES));
    flow.queuedBytes += chunk.length;
    if (flow.queuedBytes > HIGH_WATER_BYTES) flow.source.pause();
    this.pump();
  }

  end(flow: Flow): void {
    flow.ended = true;
    this.finishIfDone(flow);
  }

  remove(flow: Flow): void {
    const index = this.flows.indexOf(flow);
    if (index >= 0) this.flows.splice(index, 1);
  }

  private pump(): void {
    if (this.timer) return;
    const now = performance.now();
    let waitMs = Infinity;
    for (let tried = 0; tried < this.flows.length;) {
      this.next %= this.flows.length;
      const flow = this.flows[this.next]!;
      const chunk = flow.queue[0];
      if (!chunk || flow.notBeforeMs > now) {
        if (chunk) waitMs = Math.min(waitMs, flow.notBeforeMs - now);
        this.next++;
        tried++;
        continue;
      }
      const wait = this.bucket.take(chunk.length);
      if (wait > 0) {
        waitMs = Math.min(waitMs, wait);
        break;
      }
      flow.queue.shift();
      flow.queuedBytes -= chunk.length;
      if (flow.queuedBytes <= HIGH_WATER_BYTES / 2) flow.source.resume();
      flow.inFlight++;
      this.delayLine.push({ dueMs: performance.now() + this.oneWayMs, flow, chunk });
      this.scheduleDelivery();
      this.next++;
      tried = 0;
    }
    if (waitMs !== Infinity)
      this.timer = setTimeout(
        () => {
          this.timer = undefined;
          this.pump();
        },
        Math.max(1, Math.ceil(waitMs)),
      );
  }

  /** Slices leave the delay line in the order they entered it (one timer for its head). */
  private scheduleDelivery(): void {
    if (this.delayTimer || this.delayLine.length === 0) return;
    const waitMs = this.delayLine[0]!.dueMs - performance.now();
    this.delayTimer = setTimeout(
      () => {
        this.delayTimer = undefined;
        const now = performance.now();
        while (this.delayLine.length > 0 && this.delayLine[0]!.dueMs <= now + 0.5) {
          const { flow, chunk } = this.delayLine.shift()!;
          flow.inFlight--;
          if (!flow.destination.destroyed) {
            flow.destination.write(chunk);
            this.delivered(chunk.length);
          }
          this.finishIfDone(flow);
        }
        this.scheduleDelivery();
      },
      Math.max(0, waitMs),
    );
  }

  private finishIfDone(flow: Flow): void {
    if (flow.ended && flow.queue.length === 0 && flow.inFlight === 0) {
      this.remove(flow);
      flow.destination.end();
    }
  }

  close(): void {
    clearTimeout(this.timer);
    clearTimeout(this.delayTimer);
  }
}

/**
 * A TCP relay on loopback that makes every connection to `target` cross one shared link: per
 * direction a token bucket at the profile's rate, then RTT/2 of delay; a new connection waits one
 * RTT (the TCP handshake) before its first byte goes up. Everything the browser opens (page,
 * fetches, web workers) goes through it, which DevTools throttling does not achieve. TCP slow
 * start and packet loss are not modelled.
 */
export async function startThrottleRelay(targetUrl: string, profile: LinkProfile): Promise<ThrottleRelay> {
  const target = new URL(targetUrl);
  const deliveries: Delivery[] = [];
  let upBytes = 0;
  const oneWayMs = profile.roundTripMs / 2;
  const down = new Direction(profile.downBitsPerSecond, oneWayMs, (bytes) =>
    deliveries.push({ atWallMs: Date.now(), bytes }),
  );
  const up = new Direction(profile.upBitsPerSecond, oneWayMs, (bytes) => (upBytes += bytes));
  const sockets = new Set<Socket>();

  // Half-open allowed both ways: one side's FIN travels the link like its data, the other may still answer.
  const server = createServer({ allowHalfOpen: true }, (client) => {
    const upstream = connect({ port: Number(target.port), host: target.hostname, allowHalfOpen: true });
    sockets.add(client);
    sockets.add(upstream);
    const connectedAt = performance.now();
    const upFlow: Flow = {
      source: client,
      destination: upstream,
      queue: [],
      queuedBytes: 0,
      notBeforeMs: connectedAt + profile.roundTripMs,
      ended: false,
      inFlight: 0,
    };
    const downFlow: Flow = {
      source: upstream,
      destination: client,
      queue: [],
      queuedBytes: 0,
      notBeforeMs: 0,
      ended: false,
      inFlight: 0,
    };
    up.add(upFlow);
    down.add(downFlow);
    client.on('data', (chunk: Buffer) => up.enqueue(upFlow, chunk));
    upstream.on('data', (chunk: Buffer) => down.enqueue(downFlow, chunk));
    client.on('end', () => up.end(upFlow));
    upstream.on('end', () => down.end(downFlow));
    const drop = () => {
      up.remove(upFlow);
      down.remove(downFlow);
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop);
    upstream.on('error', drop);
    // A closed socket takes no more data; what is still queued for its peer goes on.
    client.on('close', () => {
      down.remove(downFlow);
      sockets.delete(client);
    });
    upstream.on('close', () => {
      up.remove(upFlow);
      sockets.delete(upstream);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('The throttling relay has no TCP port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    bytesDown: (fromWallMs, toWallMs) =>
      deliveries
        .filter((delivery) => delivery.atWallMs >= fromWallMs && delivery.atWallMs <= toWallMs)
        .reduce((sum, delivery) => sum + delivery.bytes, 0),
    bytesUp: () => upBytes,
    close: async () => {
      down.close();
      up.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
