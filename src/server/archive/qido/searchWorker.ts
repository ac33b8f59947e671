/**
 * A search worker thread: its own read-only connection to the index (WAL lets it read while the
 * gateway's connection writes) and the SQL matching functions, answering one search at a time.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { HttpError } from '../../errors';
import { openReadOnlyDb } from '../index/schema';
import { searchIndex } from './search';
import type { SearchJob, SearchReply, SearchWorkerData } from './searchPool';
import { registerSqlFunctions } from './sqlFunctions';

/** Niceness of a search thread: when searches and the event loop both want a core, frames win. */
const SEARCH_NICENESS = 10;

/** Linux gives each thread its own niceness; elsewhere, or where refused, searches keep the gateway's. */
function yieldToEventLoop(): void {
  try {
    const thread = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(thread) && thread > 0) setPriority(thread, SEARCH_NICENESS);
  } catch {
    // Not Linux, or not allowed.
  }
}

yieldToEventLoop();
const { file, maxResults, deadlineMs } = workerData as SearchWorkerData;
const db = openReadOnlyDb(file);
registerSqlFunctions(db);
const port = parentPort!;

port.on('message', (job: SearchJob) => {
  let reply: SearchReply;
  try {
    reply = {
      id: job.id,
      ok: searchIndex(db, job.request, { publicBase: job.publicBase }, maxResults, deadlineMs, job.after),
    };
  } catch (error) {
    reply = {
      id: job.id,
      error:
        error instanceof HttpError
          ? { status: error.status, code: error.code, message: error.message }
          : { status: 500, code: 'SEARCH_FAILED', message: 'The search failed in the archive index' },
    };
  }
  port.postMessage(reply);
});
port.postMessage({ ready: true });
