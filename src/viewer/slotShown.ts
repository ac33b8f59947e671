import type { Store } from './store';
import type { ViewerState } from './viewerState';

/** How long to wait at most for a series put in a viewport to show its first image. */
const SHOW_SERIES_TIMEOUT_MS = 10_000;

/**
 * Resolves once `slot` has stopped loading `seriesInstanceUID` (its first image is up, or it gave
 * up, or another series took the slot), or after a while: a jump within the stack must wait for
 * the stack to be there.
 */
export function slotShown(store: Store<ViewerState>, slot: number, seriesInstanceUID: string): Promise<void> {
  const settled = () => {
    const state = store.getState().slots[slot];
    return state?.seriesInstanceUID !== seriesInstanceUID || state.status !== 'loading';
  };
  if (settled()) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    };
    const timer = setTimeout(done, SHOW_SERIES_TIMEOUT_MS);
    const unsubscribe = store.subscribe(() => {
      if (settled()) done();
    });
  });
}
