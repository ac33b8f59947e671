import { eventTarget } from '@cornerstonejs/core';
import { Enums as ToolEnums } from '@cornerstonejs/tools';
import type { Disposer } from '../disposers';

const EVENTS = [
  ToolEnums.Events.ANNOTATION_ADDED,
  ToolEnums.Events.ANNOTATION_COMPLETED,
  ToolEnums.Events.ANNOTATION_MODIFIED,
  ToolEnums.Events.ANNOTATION_REMOVED,
  ToolEnums.Events.ANNOTATION_LOCK_CHANGE,
];

/**
 * Calls `listener` once after any burst of annotation events (drawing, dragging a handle, new
 * statistics, removal): a drag fires one per pointer move, and the list needs only the result.
 */
export function onAnnotationsChanged(listener: () => void): Disposer {
  let scheduled: ReturnType<typeof setTimeout> | undefined;
  const handler = () => {
    scheduled ??= setTimeout(() => {
      scheduled = undefined;
      listener();
    }, 0);
  };
  for (const name of EVENTS) eventTarget.addEventListener(name, handler);
  let disposed = false;
  return () => {
    if (disposed) return;
    disposed = true;
    clearTimeout(scheduled);
    for (const name of EVENTS) eventTarget.removeEventListener(name, handler);
  };
}
