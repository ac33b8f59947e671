import { Enums, eventTarget, type Types } from '@cornerstonejs/core';
import type { Enums as ToolEnums } from '@cornerstonejs/tools';
import type { Disposer } from './disposers';

/**
 * Cornerstone tools' Enums.Events.TOUCH_TAP, by value: the first image must not wait for the tools'
 * code to name one of their events. The type makes a renamed event fail to compile.
 */
export const TOUCH_TAP: `${ToolEnums.Events.TOUCH_TAP}` = 'CORNERSTONE_TOOLS_TAP';

/** Cornerstone events a viewport element fires, each with its detail type, so a wrong listener does not compile. */
interface ElementEventMap {
  [Enums.Events.IMAGE_RENDERED]: Types.EventTypes.ImageRenderedEventDetail;
  [Enums.Events.STACK_NEW_IMAGE]: Types.EventTypes.StackNewImageEventDetail;
  [Enums.Events.PRE_STACK_NEW_IMAGE]: Types.EventTypes.PreStackNewImageEventDetail;
  [Enums.Events.VOI_MODIFIED]: Types.EventTypes.VoiModifiedEventDetail;
  [Enums.Events.CAMERA_MODIFIED]: Types.EventTypes.CameraModifiedEventDetail;
  /** Fired once per tap series, 300 ms after the last tap, with how many taps it had. */
  [TOUCH_TAP]: { readonly taps: number };
}

/** Events Cornerstone fires on its global event target. */
interface GlobalEventMap {
  [Enums.Events.IMAGE_LOAD_ERROR]: { readonly imageId?: string; readonly error?: unknown };
  [Enums.Events.IMAGE_LOADED]: Types.EventTypes.ImageLoadedEventDetail;
  [Enums.Events.WEBGL_CONTEXT_LOST]: { readonly renderingEngineId: string; readonly contextIndex: number };
}

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- Detail carries each caller's event type into the cast
function listen<Detail>(target: EventTarget, name: string, listener: (detail: Detail) => void): Disposer {
  const handler = (event: Event) => listener((event as CustomEvent<Detail>).detail);
  target.addEventListener(name, handler);
  let disposed = false;
  return () => {
    if (disposed) return;
    disposed = true;
    target.removeEventListener(name, handler);
  };
}

export function onElement<K extends keyof ElementEventMap>(
  element: HTMLElement,
  name: K,
  listener: (detail: ElementEventMap[K]) => void,
): Disposer {
  return listen(element, name, listener);
}

export function onGlobal<K extends keyof GlobalEventMap>(
  name: K,
  listener: (detail: GlobalEventMap[K]) => void,
): Disposer {
  return listen(eventTarget, name, listener);
}
