import { readFile } from 'node:fs/promises';
import dicomParser from 'dicom-parser';
import { applyVoi, rangeToWindow } from '../../src/dicom/voi';
import type { Bitmap } from './bitmap';
import type { ReferenceImage } from './dcmtkReference';
import { decodeWithWasm, wasmCodecOf } from '../../test/support/wasmCodecs';
import { parsePart10 } from './part10';

/**
 * Where dcmtk 3.6.7 cannot read a file (JPEG 2000, HTJ2K, a vendor file with a sequence defect, a
 * 7-bit JPEG-LS stream): frame 1 decoded in Node by the reference codec builds (OpenJPEG, OpenJPH,
 * libjpeg-turbo, CharLS), then
 * Rescale, the window over the whole value range (PS3.3 C.11.2.1.2) and MONOCHROME1 inversion
 * computed here. Colour codestreams come out as RGB. Undefined for syntaxes not covered.
 */
export async function decodedImage(file: string): Promise<ReferenceImage | undefined> {
  const bytes = new Uint8Array(await readFile(file));
  let dataSet: dicomParser.DataSet;
  try {
    dataSet = parsePart10(bytes);
  } catch {
    return undefined;
  }
  const syntax = dataSet.string('x00020010') ?? '';
  const pixelData = dataSet.elements.x7fe00010;
  if (!wasmCodecOf(syntax) || !pixelData?.encapsulatedPixelData) return undefined;
  const frame = new Uint8Array(
    dicomParser.readEncapsulatedImageFrame(
      dataSet,
      pixelData,
      0,
      pixelData.basicOffsetTable?.length
        ? pixelData.basicOffsetTable
        : dicomParser.createJPEGBasicOffsetTable(dataSet, pixelData),
    ),
  );
  const { info, samples } = await decodeWithWasm(syntax, frame);
  const pixels = info.width * info.height;
  if (info.componentCount === 3) {
    return {
      bitmap: {
        width: info.width,
        height: info.height,
        channels: 3,
        data: Uint8Array.from(samples.subarray(0, pixels * 3)),
      },
    };
  }
  return greyReference(dataSet, samples.subarray(0, pixels), info.width, info.height, {
    slope: dataSet.floatString('x00281053') ?? 1,
    intercept: dataSet.floatString('x00281052') ?? 0,
  });
}

/** Rescale, the window over the whole value range (PS3.3 C.11.2.1.2) and MONOCHROME1 inversion. */
function greyReference(
  dataSet: dicomParser.DataSet,
  samples: ArrayLike<number>,
  width: number,
  height: number,
  { slope, intercept }: { slope: number; intercept: number },
): ReferenceImage {
  const values = Float64Array.from(samples, (value) => value * slope + intercept);
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  const window = rangeToWindow({ lower: min, upper: max });
  const invert = dataSet.string('x00280004')?.trim() === 'MONOCHROME1';
  const data = Uint8Array.from(values, (value) => {
    const level = applyVoi(value, window);
    return Math.round((invert ? 1 - level : level) * 255);
  });
  const bitmap: Bitmap = { width, height, channels: 1, data };
  return { bitmap, window };
}

/** Frame 1's Pixel Value Transformation (PS3.3 C.7.6.16.2.9): its per-frame item, else the shared one. */
function frameOneRescale(dataSet: dicomParser.DataSet): { slope: number; intercept: number } | undefined {
  for (const groups of ['x52009230', 'x52009229']) {
    const item = dataSet.elements[groups]?.items?.[0]?.dataSet;
    const transformation = item?.elements.x00289145?.items?.[0]?.dataSet;
    const slope = transformation?.floatString('x00281053');
    if (transformation && slope !== undefined)
      return { slope, intercept: transformation.floatString('x00281052') ?? 0 };
  }
  return undefined;
}

/**
 * Frame 1 of a native little-endian greyscale functional-group (enhanced) object, rescaled by
 * frame 1's own Pixel Value Transformation: dcmtk 3.6.7 ignores the functional groups and would
 * window the stored values. Undefined for every other file.
 */
export async function functionalGroupImage(file: string): Promise<ReferenceImage | undefined> {
  let dataSet: dicomParser.DataSet;
  try {
    dataSet = parsePart10(new Uint8Array(await readFile(file)));
  } catch {
    return undefined;
  }
  const rescale = frameOneRescale(dataSet);
  const syntax = dataSet.string('x00020010');
  const pixelData = dataSet.elements.x7fe00010;
  const width = dataSet.uint16('x00280011') ?? 0;
  const height = dataSet.uint16('x00280010') ?? 0;
  if (!rescale || !pixelData || pixelData.encapsulatedPixelData || (dataSet.uint16('x00280002') ?? 1) !== 1)
    return undefined;
  if (syntax !== '1.2.840.10008.1.2.1' && syntax !== '1.2.840.10008.1.2') return undefined;
  const pixels = width * height;
  const bits = dataSet.uint16('x00280100') ?? 16;
  const signed = dataSet.uint16('x00280103') === 1;
  const start = dataSet.byteArray.byteOffset + pixelData.dataOffset;
  const buffer = dataSet.byteArray.buffer;
  const samples =
    bits === 8
      ? signed
        ? new Int8Array(buffer, start, pixels)
        : new Uint8Array(buffer, start, pixels)
      : signed
        ? new Int16Array(buffer.slice(start, start + pixels * 2))
        : new Uint16Array(buffer.slice(start, start + pixels * 2));
  return greyReference(dataSet, samples, width, height, rescale);
}
