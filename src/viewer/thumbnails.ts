import { Enums, imageLoader, utilities, type Types } from '@cornerstonejs/core';
import { renderMode } from './engine';
import { withTimeout } from './loadError';
import { innerImageIdOf, PIXEL_TRANSFORM_SCHEME } from './pixelTransformLoader';

const THUMBNAIL_SIZE = 128;
const SERVED_DEADLINE_MS = 30_000;
/** loadImageToCanvas's default: behind the image on screen and its prefetch. */
const THUMBNAIL_PRIORITY = -5;

type Headers = () => Record<string, string>;

/**
 * A small picture of one image, as a data URL: the server's PS3.18 thumbnail of the frame when it
 * serves one (a JPEG of a few KB instead of the whole frame decoded here), else the image drawn
 * here with its own window: files on this device have no server, and a DICOMweb server without
 * thumbnails answers 4xx.
 */
export async function renderThumbnail(imageId: string, headers: Headers, signal?: AbortSignal): Promise<string> {
  const url = servedThumbnailUrl(imageId);
  const served = url === undefined ? undefined : await servedThumbnail(url, headers, signal);
  return served ?? drawThumbnail(imageId);
}

/** The frame's /thumbnail (PS3.18 10.4.1.1.5) for an image the DICOMweb loader fetches; undefined for any other. */
function servedThumbnailUrl(imageId: string): string | undefined {
  const inner = imageId.startsWith(`${PIXEL_TRANSFORM_SCHEME}:`) ? innerImageIdOf(imageId) : imageId;
  const match = /^wadors:(.+\/frames\/\d+)$/.exec(inner);
  return match ? `${match[1]}/thumbnail?viewport=${THUMBNAIL_SIZE},${THUMBNAIL_SIZE}` : undefined;
}

/**
 * Fetches a server-made thumbnail with the session's credentials (the cookie goes along; a bearer
 * token in direct mode is a header, which an <img> could not send). Undefined when the server
 * does not provide one, so the caller draws it instead.
 */
export async function servedThumbnail(
  url: string,
  headers: Headers,
  signal?: AbortSignal,
): Promise<string | undefined> {
  const deadline = AbortSignal.timeout(SERVED_DEADLINE_MS);
  try {
    const response = await fetch(url, {
      headers: { Accept: 'image/jpeg, image/png;q=0.9', ...headers() },
      signal: signal ? AbortSignal.any([signal, deadline]) : deadline,
    });
    const type = response.headers.get('content-type') ?? '';
    if (!response.ok || !type.startsWith('image/')) return undefined;
    // A data URL, not a blob URL: thumbnails live in stores and lists with no moment to revoke them.
    return await dataUrl(await response.blob());
  } catch (error) {
    if (signal?.aborted) throw error;
    return undefined;
  }
}

function dataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error ?? new Error('The thumbnail could not be read'));
    reader.readAsDataURL(blob);
  });
}

/** loadImageToCanvas's own load options; useRGBA is read by the DICOM loader, though core's type omits it. */
function thumbnailLoadOptions(useRGBA: boolean): Parameters<typeof imageLoader.loadAndCacheImage>[1] {
  return { useRGBA, requestType: Enums.RequestType.Thumbnail, priority: THUMBNAIL_PRIORITY } as Parameters<
    typeof imageLoader.loadAndCacheImage
  >[1];
}

/**
 * PNG data URL of one image rendered small, off screen, with the image's own window. Thumbnails
 * wait behind what the reader is looking at (RequestType.Thumbnail).
 */
async function drawThumbnail(imageId: string): Promise<string> {
  const useCPURendering = renderMode() === 'cpu';
  // Loaded first, with the options loadImageToCanvas uses (so it then finds it in the cache): a
  // load that ends without an image, seen while the viewport loaded the same frame, would
  // otherwise throw inside Cornerstone's renderer, where nothing can catch it.
  const image = await withTimeout(
    imageLoader.loadAndCacheImage(imageId, thumbnailLoadOptions(useCPURendering)),
    60_000,
    'Thumbnail timed out',
  );
  if (!(image as Types.IImage | undefined)) throw new Error('No image arrived for the thumbnail');
  const canvas = document.createElement('canvas');
  canvas.width = THUMBNAIL_SIZE;
  canvas.height = THUMBNAIL_SIZE;
  await withTimeout(
    utilities.loadImageToCanvas({
      canvas,
      imageId,
      requestType: Enums.RequestType.Thumbnail,
      useCPURendering,
    }),
    60_000,
    'Thumbnail timed out',
  );
  return canvas.toDataURL('image/png');
}
