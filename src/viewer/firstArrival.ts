import type { Disposer } from './disposers';

/** How the gate learns about images: whether one is in the cache already, and each that arrives or fails. */
export interface ArrivalSource {
  isCached(imageId: string): boolean;
  /** Calls `listener` with the id of every image that finishes loading, loaded or failed. */
  onSettled(listener: (imageId: string) => void): Disposer;
}

/**
 * Calls `go` once an image of `imageIds` has arrived (or failed): the image on screen is asked
 * for first, and until it is here the link is its alone. At once when one is cached already (the
 * series was shown before). Returns a disposer that cancels the wait.
 */
export function afterFirstArrival(imageIds: readonly string[], source: ArrivalSource, go: () => void): Disposer {
  if (imageIds.some((imageId) => source.isCached(imageId))) {
    go();
    return () => undefined;
  }
  const ids = new Set(imageIds);
  let done = false;
  const stop = source.onSettled((imageId) => {
    if (done || !ids.has(imageId)) return;
    done = true;
    stop();
    go();
  });
  return () => {
    done = true;
    stop();
  };
}
