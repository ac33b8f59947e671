import { describe, expect, it } from 'vitest';
import { keyedLock } from './keyedLock';

/** A promise and the function that settles it, to hold a task open until the test lets it go. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('keyedLock', () => {
  it('runs tasks that share a key one after another, in the order they asked', async () => {
    const lock = keyedLock();
    const log: string[] = [];
    const first = gate();
    const a = lock(['s1'], async () => {
      log.push('a start');
      await first.opened;
      log.push('a end');
    });
    const b = lock(['s1'], async () => void log.push('b'));
    await tick();
    expect(log).toEqual(['a start']);
    first.open();
    await Promise.all([a, b]);
    expect(log).toEqual(['a start', 'a end', 'b']);
  });

  it('lets tasks on other keys run meanwhile, and overlapping key sets wait', async () => {
    const lock = keyedLock();
    const log: string[] = [];
    const held = gate();
    const a = lock(['s1', 's2'], async () => {
      await held.opened;
      log.push('a');
    });
    const other = lock(['s3'], async () => void log.push('other'));
    const overlapping = lock(['s2', 's0'], async () => void log.push('overlapping'));
    await other;
    await tick();
    expect(log).toEqual(['other']);
    held.open();
    await Promise.all([a, overlapping]);
    expect(log).toEqual(['other', 'a', 'overlapping']);
  });

  it('releases the key when a task fails', async () => {
    const lock = keyedLock();
    await expect(lock(['s1'], () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(lock(['s1'], async () => 'next')).resolves.toBe('next');
  });
});
