import { Enums, cache, imageLoadPoolManager, imageLoader } from '@cornerstonejs/core';
import type { LoadProgress } from './viewerState';

const { RequestType } = Enums;

/**
 * Loads a whole series into Cornerstone's cache in the background. Requests go to the pool as
 * Prefetch, so the image on screen (Interaction) always jumps the queue. Progress counts images
 * that arrived or failed; nothing is retried, so a broken frame cannot loop.
 */
export function prefetchSeries(imageIds: readonly string[], onProgress: (progress: LoadProgress) => void): () => void {
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
