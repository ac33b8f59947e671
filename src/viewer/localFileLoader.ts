import { registerImageLoader, type Types } from '@cornerstonejs/core';
import dicomImageLoader from '@cornerstonejs/dicom-image-loader';

/**
 * Files on this device (`dicomfile:<n>` ids from the loader's file manager) load through the image
 * loader's data set path: dicom-parser reads each file once, its frames share it, and it is let go
 * when the last of its images leaves the cache. The loader's default for the scheme reads every file
 * again with dcmjs into a metadata cache that is never emptied, which the viewer does not need: its
 * own provider answers every module from what `readLocalFiles` read. (The package types this export
 * with a path that does not resolve, hence the signature here.)
 */
export const loadLocalFile = dicomImageLoader.wadouri.loadImage as (
  imageId: string,
  options?: Record<string, unknown>,
) => Types.IImageLoadObject;

export const LOCAL_FILE_SCHEME = 'dicomfile';

export function registerLocalFileLoader(): void {
  registerImageLoader(LOCAL_FILE_SCHEME, loadLocalFile);
}
