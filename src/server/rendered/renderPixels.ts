import { firstNumber, firstString, type DicomJsonDataset } from '../../dicom/json';
import { applyVoi, windowFromMinMax, windowsFromDataset, voiLutFunctionOf, type VoiWindow } from '../../dicom/voi';
import type { RenderOptions, VoiFunction } from '../dicomweb/renderedQuery';
import { cannotRender, type DecodedFrame, type PixelAttributes } from './decodeFrame';
import { paletteColour } from './paletteColour';

/** 8-bit pixels ready to encode: grey (1 channel) or RGB (3), row by row. */
export interface DisplayImage {
  width: number;
  height: number;
  channels: 1 | 3;
  data: Uint8Array;
}

const SHARED_GROUPS = '52009229';
const PER_FRAME_GROUPS = '52009230';
/** Functional group macros whose attributes the display maths reads (PS3.3 C.7.6.16.2.9, .10). */
const PIXEL_VALUE_TRANSFORMATION = '00289145';
const FRAME_VOI_LUT = '00289132';

export function pixelAttributes(dataset: DicomJsonDataset): PixelAttributes {
  const number = (tag: string, fallback?: number) => {
    const value = firstNumber(dataset, tag) ?? fallback;
    if (value === undefined) throw cannotRender(`it has no ${tag.slice(0, 4)},${tag.slice(4)} attribute`);
    return value;
  };
  const bitsAllocated = number('00280100');
  return {
    rows: number('00280010'),
    columns: number('00280011'),
    samplesPerPixel: number('00280002', 1),
    bitsAllocated,
    bitsStored: number('00280101', bitsAllocated),
    pixelRepresentation: number('00280103', 0),
    photometric: firstString(dataset, '00280004')?.trim().toUpperCase() ?? 'MONOCHROME2',
    planarConfiguration: number('00280006', 0),
  };
}

/**
 * The attributes that apply to one frame: the top level, overridden by the shared functional
 * groups' Pixel Value Transformation and Frame VOI LUT, overridden by the frame's own.
 */
export function frameDataset(dataset: DicomJsonDataset, frame: number): DicomJsonDataset {
  const merged: DicomJsonDataset = { ...dataset };
  const groups = [dataset[SHARED_GROUPS]?.Value?.[0], dataset[PER_FRAME_GROUPS]?.Value?.[frame - 1]];
  for (const group of groups) {
    if (group === null || typeof group !== 'object') continue;
    for (const macro of [PIXEL_VALUE_TRANSFORMATION, FRAME_VOI_LUT]) {
      const item = (group as DicomJsonDataset)[macro]?.Value?.[0];
      if (item !== null && typeof item === 'object') Object.assign(merged, item);
    }
  }
  return merged;
}

/**
 * Display values as the viewer computes them: Modality LUT (rescale), then the VOI window (the
 * query's, else the frame's first, else the frame's value range), then MONOCHROME1's inversion.
 * Colour images are shown as their RGB values, palette colour through its palette.
 */
export function renderPixels(
  decoded: DecodedFrame,
  dataset: DicomJsonDataset,
  options: Pick<RenderOptions, 'window'>,
): DisplayImage {
  const { width, height, samples, samplesPerPixel, photometric } = decoded;
  if (samplesPerPixel === 3) return colour(decoded);
  if (samplesPerPixel !== 1) throw cannotRender(`${samplesPerPixel} samples per pixel`);
  if (photometric === 'PALETTE COLOR') return { width, height, channels: 3, data: paletteColour(decoded, dataset) };
  if (photometric !== 'MONOCHROME1' && photometric !== 'MONOCHROME2') {
    throw cannotRender(`photometric interpretation ${photometric} is not supported here`);
  }
  const slope = firstNumber(dataset, '00281053') ?? 1;
  const intercept = firstNumber(dataset, '00281052') ?? 0;
  let window: VoiWindow;
  let fn: VoiFunction;
  if (options.window) {
    window = options.window;
    fn = options.window.function;
  } else {
    const first = windowsFromDataset(dataset)[0];
    fn = first ? voiLutFunctionOf(dataset) : 'LINEAR';
    window = first ?? minMaxWindow(samples, slope, intercept);
  }
  // One lookup per stored value beats applying the window per pixel on 512 × 512 and larger.
  let min = Infinity;
  let max = -Infinity;
  for (const value of samples) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  const table = new Uint8Array(max - min + 1);
  const invert = photometric === 'MONOCHROME1';
  for (let value = min; value <= max; value++) {
    const shown = Math.round(applyVoi(value * slope + intercept, window, fn) * 255);
    table[value - min] = invert ? 255 - shown : shown;
  }
  const data = new Uint8Array(width * height);
  for (let i = 0; i < data.length; i++) data[i] = table[samples[i]! - min]!;
  return { width, height, channels: 1, data };
}

function minMaxWindow(samples: Int32Array, slope: number, intercept: number): VoiWindow {
  let min = Infinity;
  let max = -Infinity;
  for (const value of samples) {
    const x = value * slope + intercept;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  return windowFromMinMax(min, max);
}

function colour({ width, height, samples, photometric }: DecodedFrame): DisplayImage {
  const data = new Uint8Array(width * height * 3);
  if (photometric === 'RGB') {
    let max = 0;
    for (const value of samples) if (value > max) max = value;
    // 16-bit RGB is shown scaled to 8 bits, as a display would.
    const shift = max > 255 ? Math.ceil(Math.log2(max + 1)) - 8 : 0;
    for (let i = 0; i < data.length; i++) data[i] = samples[i]! >> shift;
    return { width, height, channels: 3, data };
  }
  if (photometric === 'YBR_FULL') {
    // PS3.3 C.7.6.3.1.2: the full-range YCbCr to RGB of JPEG (JFIF).
    for (let p = 0; p < width * height; p++) {
      const y = samples[p * 3]!;
      const cb = samples[p * 3 + 1]! - 128;
      const cr = samples[p * 3 + 2]! - 128;
      data[p * 3] = clamp(y + 1.402 * cr);
      data[p * 3 + 1] = clamp(y - 0.344136 * cb - 0.714136 * cr);
      data[p * 3 + 2] = clamp(y + 1.772 * cb);
    }
    return { width, height, channels: 3, data };
  }
  throw cannotRender(`photometric interpretation ${photometric} is not supported here`);
}

const clamp = (value: number) => Math.min(255, Math.max(0, Math.round(value)));
