import { utilities, type Types } from '@cornerstonejs/core';
import dicomImageLoader from '@cornerstonejs/dicom-image-loader';
import { firstNumber, firstString } from '../../dicom/json';
import { LOCAL_FILE_SCHEME } from '../localFileLoader';
import type { FrameMetadata } from '../metadata/frameMetadata';
import { mayNeedPreparing, prepareFrame, type PixelLayout } from './frameDecoder';
import { interleavePlanes } from './planes';

/** Every part as stored, so the stream's own properties decide the repair. */
const ANY_SYNTAX = 'multipart/related; type=application/octet-stream; transfer-syntax=*';
const IMPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2';

function pixelLayoutOf(frame: FrameMetadata): PixelLayout {
  const { dataset } = frame;
  const bitsAllocated = firstNumber(dataset, '00280100') ?? 8;
  return {
    rows: firstNumber(dataset, '00280010') ?? 0,
    columns: firstNumber(dataset, '00280011') ?? 0,
    samplesPerPixel: firstNumber(dataset, '00280002') ?? 1,
    bitsAllocated,
    bitsStored: firstNumber(dataset, '00280101') ?? bitsAllocated,
    photometricInterpretation: firstString(dataset, '00280004')?.trim() ?? '',
    lossy: firstString(dataset, '00282110')?.trim() === '01',
  };
}

/** Whether a frame loads through `loadPreparedFrame`. */
export function needsPreparing(frame: FrameMetadata): boolean {
  const syntax = firstString(frame.dataset, '00020010') ?? firstString(frame.dataset, '00083002');
  return mayNeedPreparing(pixelLayoutOf(frame), syntax);
}

/** The transfer syntax of a DICOMweb frame part (PS3.18 8.7.3.5.2): its `transfer-syntax` parameter. */
function syntaxOfContentType(contentType: string): string {
  return /transfer-syntax="?([\d.]+)/i.exec(contentType)?.[1] ?? IMPLICIT_VR_LITTLE_ENDIAN;
}

interface EncodedFrame {
  readonly bytes: Uint8Array;
  readonly transferSyntaxUID: string;
  /** Lets go of what reading the frame kept (a local file's parsed data set). */
  readonly release?: () => void;
}

async function encodedFrame(innerId: string, options: Record<string, unknown>): Promise<EncodedFrame> {
  if (innerId.startsWith(`${LOCAL_FILE_SCHEME}:`)) {
    const { wadouri } = dicomImageLoader;
    const { url, pixelDataFrame } = wadouri.parseImageId(innerId);
    const dataSet = await wadouri.dataSetCacheManager.load(url, wadouri.loadFileRequest, innerId);
    return {
      // An id without `frame=` is the first frame; the package types the field as always set.
      bytes: wadouri.getPixelData(dataSet, Number.isInteger(pixelDataFrame) ? pixelDataFrame : 0) as Uint8Array,
      transferSyntaxUID: dataSet.string('x00020010') ?? IMPLICIT_VR_LITTLE_ENDIAN,
      release: () => wadouri.dataSetCacheManager.unload(url),
    };
  }
  const part = (await dicomImageLoader.wadors.getPixelData(
    innerId.slice(innerId.indexOf(':') + 1),
    innerId,
    ANY_SYNTAX,
    options,
  )) as { contentType: string; pixelData: Uint8Array };
  return { bytes: part.pixelData, transferSyntaxUID: syntaxOfContentType(part.contentType) };
}

/** Decoded samples that came out plane by plane, put pixel by pixel (the alpha of RGBA output set opaque). */
function interleaved(image: Types.IImage): Types.IImage {
  const data = (image.voxelManager?.getScalarData() ?? image.getPixelData()) as Uint8Array;
  const pixels = image.rows * image.columns;
  const components = data.length / pixels;
  const rgb = components === 4 ? data.filter((_, index) => index % 4 !== 3) : data;
  let out: Uint8Array = interleavePlanes(Uint8Array.from(rgb), 3);
  if (components === 4) {
    const rgba = new Uint8Array(pixels * 4).fill(255);
    for (let pixel = 0; pixel < pixels; pixel++) rgba.set(out.subarray(pixel * 3, pixel * 3 + 3), pixel * 4);
    out = rgba;
  }
  const voxelManager = utilities.VoxelManager.createImageVoxelManager({
    width: image.columns,
    height: image.rows,
    scalarData: out,
    numberOfComponents: components,
  });
  return { ...image, voxelManager, getPixelData: () => out };
}

/**
 * Loads a frame by fetching its stream (DICOMweb, transfer-syntax=*) or reading it from the local
 * file, repairing or decoding it here where Cornerstone's decoder would get it wrong
 * (`prepareFrame`), then handing it to Cornerstone's `createImage` under the transformed id.
 */
export function loadPreparedFrame(
  imageId: string,
  innerId: string,
  frame: FrameMetadata,
  options: Record<string, unknown> = {},
): Types.IImageLoadObject {
  const promise = encodedFrame(innerId, options).then(async (encoded) => {
    try {
      const prepared = prepareFrame(encoded.bytes, encoded.transferSyntaxUID, pixelLayoutOf(frame));
      const image = (await dicomImageLoader.createImage(
        imageId,
        prepared.bytes,
        prepared.transferSyntaxUID,
        options,
      )) as Types.IImage;
      return prepared.planar ? interleaved(image) : image;
    } finally {
      encoded.release?.();
    }
  });
  return { promise, cancelFn: undefined };
}
