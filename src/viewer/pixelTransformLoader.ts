import { registerImageLoader, utilities, type Types } from '@cornerstonejs/core';
import dicomImageLoader from '@cornerstonejs/dicom-image-loader';
import { windowFromMinMax, windowsFromDataset } from '../dicom/voi';
import { applyLut, compactArray } from './metadata/applyLut';
import { frameMetadataOf } from './metadata/metadataStore';

/**
 * Images with a Modality LUT Sequence (PS3.3 C.11.1) load through this scheme: the wadors loader
 * fetches and decodes the frame, then the stored values go through the LUT here, so the GPU
 * texture, the window and every measurement work in modality values. Cornerstone itself applies
 * such a LUT only on its CPU path.
 */
export const MODALITY_LUT_SCHEME = 'modalitylut';

export function wadorsIdOf(imageId: string): string {
  return `wadors:${imageId.slice(MODALITY_LUT_SCHEME.length + 1)}`;
}

function withLut(image: Types.IImage, imageId: string): Types.IImage {
  const frame = frameMetadataOf(imageId);
  const lut = frame?.modalityLut;
  if (!frame || !lut) throw new Error('Modality LUT missing for a LUT image');
  const output = applyLut(image.voxelManager?.getScalarData() ?? image.getPixelData(), lut);
  const scalarData = compactArray(output);
  const voxelManager = utilities.VoxelManager.createImageVoxelManager({ width: image.columns, height: image.rows, scalarData, numberOfComponents: 1 });
  // The file's window applies to modality values; without one, span the LUT's output.
  const window = windowsFromDataset(frame.dataset)[0] ?? windowFromMinMax(output.min, output.max);
  const mapped: Types.IImage = {
    ...image,
    imageId,
    voxelManager,
    getPixelData: () => scalarData,
    minPixelValue: output.min,
    maxPixelValue: output.max,
    slope: 1,
    intercept: 0,
    sizeInBytes: scalarData.byteLength,
    dataType: scalarData.constructor.name as Types.IImage['dataType'],
    windowCenter: window.center,
    windowWidth: window.width,
  };
  delete mapped.modalityLUT;
  return mapped;
}

export function registerModalityLutLoader(): void {
  registerImageLoader(MODALITY_LUT_SCHEME, (imageId, options) => {
    const inner = dicomImageLoader.wadors.loadImage(wadorsIdOf(imageId), options);
    return { promise: inner.promise.then((image) => withLut(image as Types.IImage, imageId)), cancelFn: inner.cancelFn };
  });
}
