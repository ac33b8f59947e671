/**
 * Runs `work` over `items` in order, at most `concurrency` at once and at most `lookahead` items
 * ahead of the one last asked for: Node prepares the next cases (dcmtk runs, STOW-RS) while the
 * browser renders the current one, without holding every reference bitmap in memory at once.
 * Each item is worked on once; ask for each index once.
 */
export function prefetch<T, R>(
  items: readonly T[],
  work: (item: T) => Promise<R>,
  { concurrency = 2, lookahead = 4 }: { concurrency?: number; lookahead?: number } = {},
): (index: number) => Promise<R> {
  const settle: (
    { promise: Promise<R>; resolve: (value: R) => void; reject: (reason: unknown) => void } | undefined
  )[] = items.map(() => {
    let resolve!: (value: R) => void;
    let reject!: (reason: unknown) => void;
    const promise = new Promise<R>((res, rej) => ((resolve = res), (reject = rej)));
    // Rejections reach whoever asks for the index; until then they are not "unhandled".
    promise.catch(() => undefined);
    return { promise, resolve, reject };
  });
  let next = 0;
  let running = 0;
  let wanted = -1;
  const pump = () => {
    while (running < concurrency && next < items.length && next <= wanted + lookahead) {
      const { resolve, reject } = settle[next]!;
      running++;
      work(items[next++]!)
        .then(resolve, reject)
        .finally(() => {
          running--;
          pump();
        });
    }
  };
  return (index) => {
    wanted = Math.max(wanted, index);
    pump();
    const { promise } = settle[index]!;
    // Once handed over and settled, the result is the caller's alone to keep.
    void promise.finally(() => (settle[index] = undefined)).catch(() => undefined);
    return promise;
  };
}
