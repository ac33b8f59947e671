import type { FileOutcome } from './stowOutcome';

/** Where one file stands while the upload runs. */
export type FileState =
  { status: 'waiting' } | { status: 'sending'; fraction: number } | { status: 'done'; outcome: FileOutcome };

/** Files in flight at once: enough to hide each request's round trip, few enough for a phone's connection. */
const CONCURRENT_FILES = 3;
/** A file whose failure may pass (network, busy server) is sent this many times before it shows as failed. */
export const ATTEMPTS = 2;

type Send<T> = (item: T, onProgress: (fraction: number) => void) => Promise<FileOutcome>;

/**
 * Sends every item, `CONCURRENT_FILES` at a time, reporting each one's state as it changes.
 * Resolves when each has an outcome; never rejects (a thrown send is a failed file).
 */
export async function sendFiles<T>(
  items: readonly T[],
  send: Send<T>,
  onChange: (index: number, state: FileState) => void,
  concurrency = CONCURRENT_FILES,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      onChange(index, { status: 'sending', fraction: 0 });
      onChange(index, {
        status: 'done',
        outcome: await sendWithRetry(items[index]!, send, (fraction) =>
          onChange(index, { status: 'sending', fraction }),
        ),
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

async function sendWithRetry<T>(item: T, send: Send<T>, onProgress: (fraction: number) => void): Promise<FileOutcome> {
  let outcome: FileOutcome = { kind: 'failed', reason: 'Not sent', retry: true };
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
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
