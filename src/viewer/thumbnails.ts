import { Enums, utilities } from '@cornerstonejs/core';
import { renderMode } from './engine';
import { withTimeout } from './loadError';

const THUMBNAIL_SIZE = 128;

/**
 * PNG data URL of one image rendered small, off screen, with the image's own window. Thumbnails
 * wait behind what the reader is looking at (RequestType.Thumbnail).
 */
export async function renderThumbnail(imageId: string): Promise<string> {
  const canvas = document.createElement('canvas');
  canvas.width = THUMBNAIL_SIZE;
  canvas.height = THUMBNAIL_SIZE;
  await withTimeout(
    utilities.loadImageToCanvas({
      canvas,
      imageId,
      requestType: Enums.RequestType.Thumbnail,
      useCPURendering: renderMode() === 'cpu',
    }),
    60_000,
    'Thumbnail timed out',
  );
  return canvas.toDataURL('image/png');
}
