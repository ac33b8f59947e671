import { useSyncExternalStore } from 'react';

/**
 * The touch layout: a coarse primary pointer (phones, tablets, either orientation), or a window too
 * narrow for the workstation toolbar and series column.
 */
const TOUCH_LAYOUT_QUERY = '(pointer: coarse), (max-width: 700px)';

export const prefersTouchLayout = (): boolean => window.matchMedia(TOUCH_LAYOUT_QUERY).matches;

function subscribe(changed: () => void): () => void {
  const query = window.matchMedia(TOUCH_LAYOUT_QUERY);
  query.addEventListener('change', changed);
  return () => query.removeEventListener('change', changed);
}

/** Whether the viewer shows its touch layout; follows rotation, resizing and a mouse plugged into a tablet. */
export function useTouchLayout(): boolean {
  return useSyncExternalStore(subscribe, prefersTouchLayout);
}
