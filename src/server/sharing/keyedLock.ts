/** Runs `task` holding every key: tasks that share a key run one after another, in the order they asked. */
export type KeyedLock = <T>(keys: Iterable<string>, task: () => Promise<T>) => Promise<T>;

/**
 * An in-process lock per key. Keys are taken in sorted order, so two tasks that hold overlapping
 * sets cannot wait on each other forever. A key nobody holds or waits for takes no memory.
 */
export function keyedLock(): KeyedLock {
  const tails = new Map<string, Promise<void>>();

  const holding = async <T>(key: string, task: () => Promise<T>): Promise<T> => {
    const previous = tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => done);
    tails.set(key, tail);
    await previous;
    try {
      return await task();
    } finally {
      release();
      if (tails.get(key) === tail) tails.delete(key);
    }
  };

  return (keys, task) => [...new Set(keys)].sort().reduceRight((inner, key) => () => holding(key, inner), task)();
}
