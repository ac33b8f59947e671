/** Runs `work` over `items`, `limit` at a time: enough to keep Orthanc's threads busy without swamping two cores. */
export async function forEachLimited<T>(
  items: readonly T[],
  work: (item: T) => Promise<void>,
  limit = 4,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
