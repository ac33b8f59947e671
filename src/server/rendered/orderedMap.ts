/** One item's outcome, kept as a value so that a failure waiting its turn is not an unhandled rejection. */
export type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

/**
 * Maps items in order with at most `limit` running at once, and starts the next only as results
 * are taken: a slow reader holds back the work, and at most `limit` results wait in memory.
 * Closing the generator early (the reader went away) starts nothing more.
 */
export async function* orderedMap<T, R>(
  items: readonly T[],
  limit: number,
  map: (item: T) => Promise<R>,
): AsyncGenerator<Outcome<R>> {
  const running: Promise<Outcome<R>>[] = [];
  let next = 0;
  const start = () => {
    const item = items[next++]!;
    running.push(
      map(item).then(
        (value) => ({ ok: true, value }),
        (error: unknown) => ({ ok: false, error }),
      ),
    );
  };
  while (next < items.length && running.length < limit) start();
  while (running.length > 0) {
    const outcome = await running.shift()!;
    if (next < items.length) start();
    yield outcome;
  }
}
