/**
 * Runs QIDO-RS searches in worker threads, so a search never holds the event loop that serves
 * frames, metadata and uploads. Each worker answers one search at a time; further searches wait
 * in order. The deadline bounds matching in JavaScript, checked by the search itself; SQL alone
 * and building a large answer (10 000 instances) cannot check it, so a search still running
 * KILL_AFTER_MS past its deadline has its worker terminated and replaced, and answers 503 as one
 * that noticed its deadline does. That is a safety net for a runaway query, far above any real one.
 */
import { Worker } from 'node:worker_threads';
import type { SearchResult } from '../../dicomweb/backend';
import type { SearchRequest } from '../../dicomweb/request';
import { HttpError } from '../../errors';
import type { Level } from '../../../dicom/levels';
import { CursorCache } from './cursorCache';
import type { IndexSearch } from './search';
import type { Cursor } from './qidoSql';
import { searchTooSlow } from './sqlFunctions';

export interface SearchWorkerData {
  /** The index file, opened read-only by each worker. */
  file: string;
  maxResults: Readonly<Record<Level, number>>;
  deadlineMs: number;
}

export interface SearchJob {
  id: number;
  request: SearchRequest;
  publicBase: string;
  after?: Cursor;
}

export type SearchReply =
  { id: number; ok: IndexSearch } | { id: number; error: { status: number; code: string; message: string } };

/** Searches in worker threads (QIDO_WORKERS). */
export const SEARCH_WORKERS = 2;
const KILL_AFTER_MS = 15_000;
/** Searches waiting beyond this many per worker are refused (503) rather than queued without end. */
const QUEUE_PER_WORKER = 32;

interface Waiting {
  job: SearchJob;
  resolve: (result: IndexSearch) => void;
  reject: (error: HttpError) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  /** Settles once the worker is ready to search, or has failed to start. */
  booted: Promise<void>;
  running?: Waiting & { timer: NodeJS.Timeout };
}

const unavailable = () =>
  new HttpError(503, 'SEARCH_UNAVAILABLE', 'The archive cannot search right now; try again in a moment');
const busy = () => new HttpError(503, 'SEARCH_BUSY', 'Too many searches are waiting; try again in a moment');

/**
 * From source (tsx, vitest) a worker boots its TypeScript through tsx; the built gateway
 * (scripts/buildServer.mjs) has searchWorker.js beside its main.js.
 */
const WORKER_ENTRY = import.meta.url.endsWith('.ts')
  ? new URL('./searchWorkerBoot.mjs', import.meta.url)
  : new URL('./searchWorker.js', import.meta.url);

export class SearchPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Waiting[] = [];
  private readonly cursors = new CursorCache();
  private nextId = 1;
  private started = false;
  private closed = false;

  constructor(
    private readonly data: SearchWorkerData,
    private readonly size = SEARCH_WORKERS,
  ) {}

  /** One search; study-level pages that continue an earlier page seek to where it ended. */
  async search(request: SearchRequest, publicBase: string): Promise<SearchResult> {
    if (this.closed) throw unavailable();
    // At the latest with the first search, so tools that open the archive and never search (import, reindex) pay nothing.
    void this.start();
    if (this.slots.length === 0) throw unavailable();
    if (this.queue.length >= QUEUE_PER_WORKER * this.slots.length) throw busy();
    const after = this.cursors.get(request);
    const { result, last } = await new Promise<IndexSearch>((resolve, reject) => {
      this.queue.push({ job: { id: this.nextId++, request, publicBase, after }, resolve, reject });
      this.dispatch();
    });
    if (last !== undefined) this.cursors.remember(request, result.datasets.length, last);
    return result;
  }

  /**
   * Boots the workers (once); a search sent before they are ready waits for them. Settles when
   * every worker is ready or has failed to start (searches then answer 503).
   */
  async start(): Promise<void> {
    if (!this.started && !this.closed) {
      this.started = true;
      for (let i = 0; i < this.size; i++) this.slots.push(this.startWorker());
    }
    await Promise.all(this.slots.map((slot) => slot.booted));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const waiting of this.queue.splice(0)) waiting.reject(unavailable());
    await Promise.all(
      this.slots.map((slot) => {
        if (slot.running !== undefined) {
          clearTimeout(slot.running.timer);
          slot.running.reject(unavailable());
        }
        return slot.worker.terminate();
      }),
    );
  }

  private startWorker(): Slot {
    const worker = new Worker(WORKER_ENTRY, { workerData: this.data });
    let booted = () => {};
    const slot: Slot = { worker, ready: false, booted: new Promise((resolve) => (booted = resolve)) };
    worker.once('exit', () => booted());
    worker.on('message', (message: { ready: true } | SearchReply) => {
      if ('ready' in message) {
        slot.ready = true;
        booted();
      } else if (slot.running?.job.id === message.id) {
        const { resolve, reject, timer } = slot.running;
        clearTimeout(timer);
        slot.running = undefined;
        if ('ok' in message) resolve(message.ok);
        else reject(new HttpError(message.error.status, message.error.code, message.error.message));
      }
      this.dispatch();
    });
    worker.on('error', () => this.replace(slot, unavailable()));
    worker.on('exit', () => this.replace(slot, unavailable()));
    return slot;
  }

  /** A worker that overran, failed or exited: its search answers `error`; a new worker takes its place. */
  private replace(slot: Slot, error: HttpError): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    if (slot.running !== undefined) {
      clearTimeout(slot.running.timer);
      slot.running.reject(error);
      slot.running = undefined;
    }
    if (this.closed) return;
    if (!slot.ready) {
      // A worker that cannot even start would fail again: drop it rather than restart it forever.
      this.slots.splice(index, 1);
      if (this.slots.length === 0) for (const waiting of this.queue.splice(0)) waiting.reject(error);
      return;
    }
    this.slots[index] = this.startWorker();
    void slot.worker.terminate();
    this.dispatch();
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (!slot.ready || slot.running !== undefined) continue;
      const next = this.queue.shift();
      if (next === undefined) return;
      const timer = setTimeout(() => this.replace(slot, searchTooSlow()), this.data.deadlineMs + KILL_AFTER_MS);
      slot.running = { ...next, timer };
      slot.worker.postMessage(next.job);
    }
  }
}
