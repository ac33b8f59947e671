import { eventTarget } from '@cornerstonejs/core';
import type { Enums as ToolEnums } from '@cornerstonejs/tools';
import type { Disposer } from '../disposers';

type ToolEvents = typeof ToolEnums.Events;
type Named<K extends keyof ToolEvents> = `${ToolEvents[K]}`;

/**
 * Cornerstone tools' Enums.Events of the same names, by value: listening must not wait for the
 * tools' code, which loads after the first image. The types make a renamed event fail to compile.
 */
const EVENTS: readonly [
  Named<'ANNOTATION_ADDED'>,
  Named<'ANNOTATION_COMPLETED'>,
  Named<'ANNOTATION_MODIFIED'>,
  Named<'ANNOTATION_REMOVED'>,
  Named<'ANNOTATION_LOCK_CHANGE'>,
] = [
  'CORNERSTONE_TOOLS_ANNOTATION_ADDED',
  'CORNERSTONE_TOOLS_ANNOTATION_COMPLETED',
  'CORNERSTONE_TOOLS_ANNOTATION_MODIFIED',
  'CORNERSTONE_TOOLS_ANNOTATION_REMOVED',
  'CORNERSTONE_TOOLS_ANNOTATION_LOCK_CHANGE',
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
