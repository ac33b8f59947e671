import { OPENING_PICTURE_ID, type Bootstrap } from '../api/bootstrap';
import type { PictureOnPage } from '../viewer/firstPreview';

/**
 * The opening image's picture the gateway put into a viewer page (src/server/http/openingPicture.ts):
 * shown over the whole window before any script runs, then handed to the viewport, which shows it
 * until the viewer draws its own image, and removed from the page.
 */
export function openingPictureOnPage(bootstrap: Bootstrap, study: string): PictureOnPage | undefined {
  const image = document.getElementById(OPENING_PICTURE_ID)?.querySelector('img');
  const opening = bootstrap.opening;
  if (!image || opening?.studyInstanceUID !== study) return undefined;
  return {
    seriesInstanceUID: opening.seriesInstanceUID,
    pixelAspect: opening.pixelAspect,
    picture: async () => {
      try {
        await image.decode();
      } catch (error) {
        // A picture that did not load (the image was deleted since the page was made) would
        // leave a black window: take it away, and the viewer shows its own image when it can.
        dismissOpeningPicture();
        throw error;
      }
      return createImageBitmap(image);
    },
  };
}

/** Takes the page's picture away: the viewport shows it now, or the viewer has something of its own to show. */
export function dismissOpeningPicture(): void {
  document.getElementById(OPENING_PICTURE_ID)?.remove();
}
