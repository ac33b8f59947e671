import { describe, expect, it } from 'vitest';
import { ATTEMPTS, sendFiles, type FileState } from './sendFiles';
import type { FileOutcome } from './stowOutcome';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('sendFiles', () => {
  it('sends two at a time and reports every file’s outcome', async () => {
    let inFlight = 0;
    let most = 0;
    const states = new Map<number, FileState>();
    await sendFiles(
      Array.from({ length: 10 }, (_, n) => n),
      async (n, onProgress) => {
        inFlight++;
        most = Math.max(most, inFlight);
        onProgress(0.5);
        await tick();
        inFlight--;
        return n % 2 ? { kind: 'stored' } : { kind: 'refused', reason: `no ${n}`, retry: false };
      },
      (index, state) => states.set(index, state),
    );
    expect(most).toBe(2);
    expect([...states.keys()].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(states.get(3)).toEqual({ status: 'done', outcome: { kind: 'stored' } });
    expect(states.get(4)).toEqual({ status: 'done', outcome: { kind: 'refused', reason: 'no 4', retry: false } });
  });

  it('tries a failed file again after a wait, but not a refused one', async () => {
    const started = Date.now();
    const calls = new Map<string, number>();
    const outcomes = new Map<number, FileState>();
    const answers: Record<string, FileOutcome[]> = {
      flaky: [{ kind: 'failed', reason: 'lost', retry: true }, { kind: 'stored' }],
      down: [{ kind: 'failed', reason: 'lost', retry: true }],
      bad: [{ kind: 'refused', reason: 'no', retry: false }],
      throws: [],
    };
    await sendFiles(
      Object.keys(answers),
      (key) => {
        const n = calls.get(key) ?? 0;
        calls.set(key, n + 1);
        if (key === 'throws') return Promise.reject(new Error('The file could not be read'));
        return Promise.resolve(answers[key]![Math.min(n, answers[key]!.length - 1)]!);
      },
      (index, state) => outcomes.set(index, state),
      { retryDelayMs: 20 },
    );
    // Two waits (20 ms, then 40 ms) for the files that fail every time; run two at a time.
    expect(Date.now() - started).toBeGreaterThanOrEqual(60);
    expect(Object.fromEntries(calls)).toEqual({ flaky: 2, down: ATTEMPTS, bad: 1, throws: ATTEMPTS });
    expect(outcomes.get(0)).toEqual({ status: 'done', outcome: { kind: 'stored' } });
    expect(outcomes.get(1)).toEqual({ status: 'done', outcome: { kind: 'failed', reason: 'lost', retry: true } });
    expect(outcomes.get(3)).toEqual({
      status: 'done',
      outcome: { kind: 'failed', reason: 'The file could not be read', retry: true },
    });
  });
});
