import { registerImageLoader, utilities, type Types } from '@cornerstonejs/core';
import dicomImageLoader from '@cornerstonejs/dicom-image-loader';
import { firstNumber, firstString } from '../dicom/json';
import { windowFromMinMax } from '../dicom/voi';
import { loadPreparedFrame, needsPreparing } from './decode/preparedFrameLoader';
import { loadLocalFile, LOCAL_FILE_SCHEME } from './localFileLoader';
import { applyLut, compactArray } from './metadata/applyLut';
import { colorTo8Bit, ybrFull422ToRgb } from './metadata/colorTransforms';
import type { FrameMetadata } from './metadata/frameMetadata';
import { frameMetadataOf } from './metadata/metadataStore';
import { fileWindows } from './metadata/modules';
import { rangeWithoutPadding, rescaledPaddingRange, storedPaddingRange } from './overlays/greyLevels';

/**
 * Frames whose decoded pixels need a step Cornerstone's GPU path does not take load through this
 * scheme, put before the frame's own image id (`srpixels:wadors:…`, or `srpixels:dicomfile:…` for
 * a file on this device): the inner id's loader fetches and decodes, then the pixels are repaired
 * here so textures, windows and measurements all see display-ready values:
 *  - a Modality LUT Sequence (PS3.3 C.11.1), which Cornerstone applies only on its CPU path;
 *  - native YBR_FULL_422 (two bytes per pixel), which the loader leaves unconverted;
 *  - colour with more than 8 bits per sample, which the colour path would clip;
 *  - pixel padding in an image without a window, whose window must leave the padding out;
 *  - streams Cornerstone's decoders get wrong (12-bit JPEG, RLE colour above 8 bits, RGB JPEG
 *    without a colour marker, JPEG-LS colour plane by plane): fetched and repaired first (decode/).
 */
export const PIXEL_TRANSFORM_SCHEME = 'srpixels';

export function needsPixelTransform(frame: FrameMetadata): boolean {
  const photometric = firstString(frame.dataset, '00280004')?.trim();
  const colour = (firstNumber(frame.dataset, '00280002') ?? 1) === 3;
  return (
    frame.modalityLut !== undefined ||
    photometric === 'YBR_FULL_422' ||
    (colour && (firstNumber(frame.dataset, '00280101') ?? 8) > 8) ||
    paddingSetsTheWindow(frame) ||
    needsPreparing(frame)
  );
}

/** Without a window in the file the window spans the pixel range, which padding must not stretch (PS3.3 C.7.5.1.1.2). */
function paddingSetsTheWindow(frame: FrameMetadata): boolean {
  return storedPaddingRange(frame.dataset) !== undefined && fileWindows(frame).length === 0;
}

/** The window over the values that are not padding. */
function withoutPadding(image: Types.IImage, frame: FrameMetadata): Types.IImage {
  const stored = storedPaddingRange(frame.dataset);
  if (!stored || fileWindows(frame).length) return image;
  const padding = image.preScale?.scaled ? rescaledPaddingRange(stored, image.slope, image.intercept) : stored;
  const range = rangeWithoutPadding(image.voxelManager?.getScalarData() ?? image.getPixelData(), padding);
  if (!range) return image;
  const window = windowFromMinMax(range.min, range.max);
  return { ...image, windowCenter: window.center, windowWidth: window.width };
}

/** The image id a transformed one wraps, which its loader fetches and decodes. */
export function innerImageIdOf(imageId: string): string {
  return imageId.slice(PIXEL_TRANSFORM_SCHEME.length + 1);
}

function withPixels(
  image: Types.IImage,
  scalarData: Types.PixelDataTypedArray,
  numberOfComponents: number,
): Types.IImage {
  const voxelManager = utilities.VoxelManager.createImageVoxelManager({
    width: image.columns,
    height: image.rows,
    scalarData,
    numberOfComponents,
  });
  return {
    ...image,
    voxelManager,
    getPixelData: () => scalarData,
    numberOfComponents,
    sizeInBytes: scalarData.byteLength,
    dataType: scalarData.constructor.name as Types.IImage['dataType'],
  };
}

function modalityLut(image: Types.IImage, frame: FrameMetadata): Types.IImage {
  const output = applyLut(image.voxelManager?.getScalarData() ?? image.getPixelData(), frame.modalityLut!);
  // The file's window applies to modality values; without one, span the LUT's output.
  const window = fileWindows(frame)[0] ?? windowFromMinMax(output.min, output.max);
  const mapped: Types.IImage = {
    ...withPixels(image, compactArray(output), 1),
    minPixelValue: output.min,
    maxPixelValue: output.max,
    slope: 1,
    intercept: 0,
    windowCenter: window.center,
    windowWidth: window.width,
  };
  delete mapped.modalityLUT;
  return mapped;
}

function colour(image: Types.IImage, frame: FrameMetadata, rgba: boolean): Types.IImage {
  const pixels = image.rows * image.columns;
  const data = image.voxelManager?.getScalarData() ?? image.getPixelData();
  const photometric = firstString(frame.dataset, '00280004')?.trim();
  let rgb: Uint8Array | undefined;
  if (photometric === 'YBR_FULL_422' && data.length === pixels * 2) rgb = ybrFull422ToRgb(data, pixels, rgba);
  else if ((firstNumber(frame.dataset, '00280002') ?? 1) === 3 && (firstNumber(frame.dataset, '00280101') ?? 8) > 8) {
    const samples = data.length === pixels * 4 ? 4 : 3;
    rgb = colorTo8Bit(data, firstNumber(frame.dataset, '00280101') ?? 16, rgba, samples);
  }
  return rgb ? { ...withPixels(image, rgb, rgba ? 4 : 3), minPixelValue: 0, maxPixelValue: 255, rgba } : image;
}

export function registerPixelTransformLoader(): void {
  registerImageLoader(PIXEL_TRANSFORM_SCHEME, (imageId, options) => {
    const innerId = innerImageIdOf(imageId);
    const registered = frameMetadataOf(imageId);
    const inner =
      registered && needsPreparing(registered)
        ? loadPreparedFrame(imageId, innerId, registered, options)
        : innerId.startsWith(`${LOCAL_FILE_SCHEME}:`)
          ? loadLocalFile(innerId, options)
          : dicomImageLoader.wadors.loadImage(innerId, options);
    const promise = inner.promise.then((loaded) => {
      const frame = frameMetadataOf(imageId);
      if (!frame) throw new Error('Metadata missing for a transformed image');
      const image = { ...loaded, imageId };
      const rgba = Boolean((options as { useRGBA?: boolean } | undefined)?.useRGBA);
      return frame.modalityLut ? modalityLut(image, frame) : withoutPadding(colour(image, frame, rgba), frame);
    });
    return { promise, cancelFn: inner.cancelFn };
  });
}
