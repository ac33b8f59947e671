import { cache, imageLoadPoolManager, imageRetrievalPoolManager } from '@cornerstonejs/core';

/**
 * Lets Cornerstone forget images no viewer shows any more: their requests still waiting in the
 * load and retrieval pools, and their cache entries, loaded or in flight (a load that finishes
 * after its entry is gone is not cached). Through Cornerstone's own APIs, so its byte count stays right.
 */
export function dropImages(imageIds: readonly string[]): void {
  if (imageIds.length === 0) return;
  const dropped = new Set(imageIds);
  const keep = ({ additionalDetails }: { additionalDetails: { imageId?: string } }) =>
    !additionalDetails.imageId || !dropped.has(additionalDetails.imageId);
  imageLoadPoolManager.filterRequests(keep);
  imageRetrievalPoolManager.filterRequests(keep);
  for (const imageId of imageIds) {
    if (cache.getImageLoadObject(imageId)) cache.removeImageLoadObject(imageId, { force: true });
  }
}
