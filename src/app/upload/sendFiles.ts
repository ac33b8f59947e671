import type { FileOutcome } from './stowOutcome';

/** Where one file stands while the upload runs. */
export type FileState =
  { status: 'waiting' } | { status: 'sending'; fraction: number } | { status: 'done'; outcome: FileOutcome };

/**
 * Files in flight at once: enough to hide each request's round trip, and no more than the gateway
 * takes from one session at a time (STOW_MAX_CONCURRENT_PER_SESSION, 2 by default; a third waits
 * for a 429 answer).
 */
const CONCURRENT_FILES = 2;
/** A file whose failure may pass (network, busy server) is sent this many times before it shows as failed. */
export const ATTEMPTS = 3;
/** The wait before the second try, doubled before each further one: a busy gateway gets time to free a slot. */
const RETRY_DELAY_MS = 1000;

interface SendOptions {
  concurrency?: number;
  retryDelayMs?: number;
}

type Send<T> = (item: T, onProgress: (fraction: number) => void) => Promise<FileOutcome>;

/**
 * Sends every item, `CONCURRENT_FILES` at a time, reporting each one's state as it changes; a failed
 * file is tried again after a wait.
 * Resolves when each has an outcome; never rejects (a thrown send is a failed file).
 */
export async function sendFiles<T>(
  items: readonly T[],
  send: Send<T>,
  onChange: (index: number, state: FileState) => void,
  { concurrency = CONCURRENT_FILES, retryDelayMs = RETRY_DELAY_MS }: SendOptions = {},
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      onChange(index, { status: 'sending', fraction: 0 });
      onChange(index, {
        status: 'done',
        outcome: await sendWithRetry(
          items[index]!,
          send,
          (fraction) => onChange(index, { status: 'sending', fraction }),
          retryDelayMs,
        ),
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

async function sendWithRetry<T>(
  item: T,
  send: Send<T>,
  onProgress: (fraction: number) => void,
  retryDelayMs: number,
): Promise<FileOutcome> {
  let outcome: FileOutcome = { kind: 'failed', reason: 'Not sent', retry: true };
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, retryDelayMs * 2 ** (attempt - 1)));
    try {
      outcome = await send(item, onProgress);
    } catch (error) {
      outcome = {
        kind: 'failed',
        reason: error instanceof Error ? error.message : 'The file could not be read',
        retry: true,
      };
    }
    if (outcome.kind !== 'failed') return outcome;
  }
  return outcome;
}
