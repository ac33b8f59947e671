import { cache, imageLoadPoolManager, imageRetrievalPoolManager } from '@cornerstonejs/core';
import { storedFrameCount } from './metadata/metadataStore';

/** What the viewer holds for the studies it shows, across viewers: all zero once no viewer is open. */
export interface ViewerResourceCounts {
  /** Frames in the metadata store. */
  readonly frames: number;
  /** Bytes of decoded images in Cornerstone's cache. */
  readonly cachedImageBytes: number;
  readonly cachedVolumes: number;
  /** Image requests waiting in Cornerstone's load and retrieval pools. */
  readonly queuedRequests: number;
}

type RequestPools = ReturnType<typeof imageLoadPoolManager.getRequestPool>;

function queued(pools: RequestPools): number {
  return Object.values(pools).reduce(
    (total, byPriority) => total + Object.values(byPriority).reduce((sum, requests) => sum + requests.length, 0),
    0,
  );
}

function viewerResourceCounts(): ViewerResourceCounts {
  return {
    frames: storedFrameCount(),
    cachedImageBytes: cache.getCacheSize(),
    cachedVolumes: cache.getVolumes().length,
    queuedRequests: queued(imageLoadPoolManager.getRequestPool()) + queued(imageRetrievalPoolManager.getRequestPool()),
  };
}

declare global {
  interface Window {
    /** Read-only counts for end-to-end checks (e2e/viewerLifecycle.spec.ts); they say nothing about patients. */
    readonly __secondread?: { readonly viewerResources: () => ViewerResourceCounts };
  }
}

/**
 * Publishes the counts as `window.__secondread.viewerResources()`. The specs run the production
 * build (there is no test build to gate this on), so the hook is small, read-only and PHI-free.
 */
export function publishResourceCounts(): void {
  if (window.__secondread) return;
  Object.defineProperty(window, '__secondread', {
    value: Object.freeze({ viewerResources: viewerResourceCounts }),
    enumerable: false,
  });
}
