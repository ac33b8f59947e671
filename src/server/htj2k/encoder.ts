/**
 * Lossless HTJ2K (transfer syntax 1.2.840.10008.1.2.4.202) from native frames, in worker threads
 * running @cornerstonejs/codec-openjph, so encoding never holds the event loop that serves requests.
 * Each worker encodes one frame at a time; further frames wait in order.
 */
import { Worker } from 'node:worker_threads';

/** One frame of native pixel samples: little endian, interleaved colour (planar configuration 0). */
export interface RawFrame {
  pixels: Uint8Array;
  rows: number;
  columns: number;
  samplesPerPixel: 1 | 3;
  bitsAllocated: 8 | 16;
  bitsStored: number;
  pixelRepresentation: 0 | 1;
}

export interface Htj2kEncoder {
  /** Lossless HTJ2K codestream, RPCL, TLM markers, decomposition levels so the lowest resolution is <= 64 px. */
  encode(frame: RawFrame, signal?: AbortSignal): Promise<Uint8Array>;
  close(): Promise<void>;
}

export interface EncodeJob {
  id: number;
  frame: RawFrame;
}

export type EncodeReply = { id: number; ok: Uint8Array } | { id: number; error: string };

/**
 * Whether a frame with this layout can be encoded losslessly: OpenJPH's JavaScript encoder reads
 * 8-bit samples as unsigned and 16-bit samples as a single component, so signed 8-bit and 16-bit
 * colour are left as they are.
 */
export function canEncodeLosslessly(frame: Omit<RawFrame, 'pixels'>): boolean {
  const { rows, columns, samplesPerPixel, bitsAllocated, bitsStored, pixelRepresentation } = frame;
  if (!Number.isInteger(rows) || !Number.isInteger(columns) || rows < 1 || columns < 1) return false;
  if (bitsStored < 1 || bitsStored > bitsAllocated) return false;
  return bitsAllocated === 8 ? pixelRepresentation === 0 : samplesPerPixel === 1;
}

/** The size of a frame's samples in bytes. */
function rawFrameBytes(frame: Omit<RawFrame, 'pixels'>): number {
  return frame.rows * frame.columns * frame.samplesPerPixel * (frame.bitsAllocated / 8);
}

/** Wavelet levels so the lowest resolution is at most this many pixels on its longer side. */
const LOWEST_RESOLUTION_PX = 64;

/**
 * The fewest decomposition levels that bring the longer side to LOWEST_RESOLUTION_PX or less, and at
 * least one: codec-openjph 2.4 does not round-trip unsigned 16-bit frames without any wavelet level
 * (a few 0 samples come back as -32768), which the corpus's 64 × 64 MR shows.
 */
export function decompositionLevels(rows: number, columns: number): number {
  let levels = 1;
  while (Math.ceil(Math.max(rows, columns) / 2 ** levels) > LOWEST_RESOLUTION_PX) levels++;
  return levels;
}

/**
 * From source (tsx, vitest) a worker boots its TypeScript through tsx; the built gateway
 * (scripts/buildServer.mjs) has encodeWorker.js beside its main.js.
 */
const WORKER_ENTRY = import.meta.url.endsWith('.ts')
  ? new URL('./encodeWorkerBoot.mjs', import.meta.url)
  : new URL('./encodeWorker.js', import.meta.url);

interface Waiting {
  job: EncodeJob;
  resolve: (codestream: Uint8Array) => void;
  reject: (error: Error) => void;
  signal?: AbortSignal;
}

interface Slot {
  worker: Worker;
  running?: Waiting;
}

const closedError = () => new Error('The HTJ2K encoder is closed');
const abortError = (signal: AbortSignal) =>
  signal.reason instanceof Error ? signal.reason : new Error('The HTJ2K encode was cancelled');

/** A pool of worker_threads running @cornerstonejs/codec-openjph's encoder. */
export function createHtj2kEncoder(options: { workers: number }): Htj2kEncoder {
  return new EncoderPool(Math.max(1, Math.floor(options.workers)));
}

class EncoderPool implements Htj2kEncoder {
  private readonly slots: Slot[] = [];
  private readonly queue: Waiting[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly size: number) {}

  encode(frame: RawFrame, signal?: AbortSignal): Promise<Uint8Array> {
    if (this.closed) return Promise.reject(closedError());
    if (signal?.aborted) return Promise.reject(abortError(signal));
    if (!canEncodeLosslessly(frame) || frame.pixels.byteLength < rawFrameBytes(frame)) {
      return Promise.reject(new Error('This frame layout cannot be encoded losslessly as HTJ2K'));
    }
    // Started with the first frame, so a gateway that never encodes pays nothing.
    while (this.slots.length < this.size) this.slots.push(this.start());
    return new Promise<Uint8Array>((resolve, reject) => {
      const waiting: Waiting = { job: { id: this.nextId++, frame }, resolve, reject, signal };
      signal?.addEventListener('abort', () => this.abandon(waiting), { once: true });
      this.queue.push(waiting);
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const waiting of this.queue.splice(0)) waiting.reject(closedError());
    await Promise.all(
      this.slots.splice(0).map((slot) => {
        slot.running?.reject(closedError());
        slot.running = undefined;
        return slot.worker.terminate();
      }),
    );
  }

  /** A cancelled frame leaves the queue; one already in a worker finishes there and is dropped. */
  private abandon(waiting: Waiting): void {
    const queued = this.queue.indexOf(waiting);
    if (queued >= 0) this.queue.splice(queued, 1);
    waiting.reject(abortError(waiting.signal!));
  }

  private start(): Slot {
    const worker = new Worker(WORKER_ENTRY);
    const slot: Slot = { worker };
    // Only a worker with a frame in hand keeps the process alive, so an idle pool never holds up an exit.
    worker.unref();
    worker.on('message', (reply: EncodeReply) => {
      const running = slot.running;
      if (running?.job.id !== reply.id) return;
      slot.running = undefined;
      slot.worker.unref();
      if ('ok' in reply) running.resolve(reply.ok);
      else running.reject(new Error(`HTJ2K encoding failed: ${reply.error}`));
      this.dispatch();
    });
    worker.on('error', (error) => this.replace(slot, error));
    worker.on('exit', (code) => this.replace(slot, new Error(`The HTJ2K encoder worker stopped (exit ${code})`)));
    return slot;
  }

  /** A worker that died fails its frame and is replaced, so one bad frame cannot stop encoding. */
  private replace(slot: Slot, error: Error): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    slot.running?.reject(error);
    slot.running = undefined;
    if (this.closed) return;
    this.slots[index] = this.start();
    void slot.worker.terminate();
    this.dispatch();
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.running !== undefined) continue;
      const next = this.queue.shift();
      if (next === undefined) return;
      slot.running = next;
      slot.worker.ref();
      // The worker gets its own copy of the samples, moved rather than cloned a second time. A copy made
      // here, not with slice(): Buffer's slice is a view, and moving it would detach the caller's memory.
      const { frame } = next.job;
      const pixels = new Uint8Array(rawFrameBytes(frame));
      pixels.set(frame.pixels.subarray(0, pixels.length));
      slot.worker.postMessage({ id: next.job.id, frame: { ...frame, pixels } } satisfies EncodeJob, [pixels.buffer]);
    }
  }
}
