import { Enums, cache, eventTarget, imageLoadPoolManager, imageLoader, type Types } from '@cornerstonejs/core';
import type { Disposer } from './disposers';
import { afterFirstArrival, type ArrivalSource } from './firstArrival';
import type { LoadProgress } from './viewerState';

const { RequestType } = Enums;
const { FULL_RESOLUTION } = Enums.ImageQualityStatus;

/** Cornerstone's cache and its global load events. */
const cornerstoneArrivals: ArrivalSource = {
  isCached: (imageId) => cache.isLoaded(imageId),
  onSettled(listener) {
    // A progressive preview is not the arrival: its final bytes are still on the way.
    const loaded = (event: Event) => {
      // `image` is undefined where a loader's promise resolved with nothing (a cancelled load).
      const { image } = (event as CustomEvent<Partial<Types.EventTypes.ImageLoadedEventDetail>>).detail;
      if (image && (image.imageQualityStatus ?? FULL_RESOLUTION) >= FULL_RESOLUTION) listener(image.imageId);
    };
    const failed = (event: Event) =>
      listener((event as CustomEvent<Types.EventTypes.ImageLoadedFailedEventDetail>).detail.imageId);
    eventTarget.addEventListener(Enums.Events.IMAGE_LOADED, loaded);
    eventTarget.addEventListener(Enums.Events.IMAGE_LOAD_FAILED, failed);
    return () => {
      eventTarget.removeEventListener(Enums.Events.IMAGE_LOADED, loaded);
      eventTarget.removeEventListener(Enums.Events.IMAGE_LOAD_FAILED, failed);
    };
  },
};

/**
 * Loads a whole series into Cornerstone's cache in the background, once the image on screen has
 * arrived: asked alone, it has the whole link (a remote reader's first image waits for no other
 * frame). Requests go to the pool as Prefetch, so the image on screen (Interaction) always jumps
 * the queue after that. Progress counts images that arrived or failed; nothing is retried, so a
 * broken frame cannot loop.
 */
export function prefetchSeries(imageIds: readonly string[], onProgress: (progress: LoadProgress) => void): Disposer {
  let cancelled = false;
  let stopPrefetch: Disposer = () => undefined;
  onProgress({ loaded: 0, failed: 0, total: imageIds.length });
  const stopWaiting = afterFirstArrival(imageIds, cornerstoneArrivals, () => {
    if (!cancelled) stopPrefetch = prefetchNow(imageIds, onProgress);
  });
  return () => {
    cancelled = true;
    stopWaiting();
    stopPrefetch();
  };
}

function prefetchNow(imageIds: readonly string[], onProgress: (progress: LoadProgress) => void): Disposer {
  let loaded = 0;
  let failed = 0;
  let cancelled = false;
  const total = imageIds.length;
  const report = () => {
    if (!cancelled) onProgress({ loaded, failed, total });
  };
  for (const [index, imageId] of imageIds.entries()) {
    if (cache.getImageLoadObject(imageId)) {
      cache
        .getImageLoadObject(imageId)
        ?.promise.then(
          () => loaded++,
          () => failed++,
        )
        .finally(report);
      continue;
    }
    imageLoadPoolManager.addRequest(
      () => {
        if (cancelled) return Promise.resolve();
        return imageLoader
          .loadAndCacheImage(imageId, { requestType: RequestType.Prefetch, priority: 0 })
          .then(
            () => {
              loaded++;
            },
            () => {
              failed++;
            },
          )
          .finally(report);
      },
      RequestType.Prefetch,
      { imageId, imageIdIndex: index },
      0,
    );
  }
  report();
  return () => {
    cancelled = true;
  };
}
