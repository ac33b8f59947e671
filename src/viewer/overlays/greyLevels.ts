import { firstNumber, firstString, type DicomJsonDataset } from '../../dicom/json';
import type { Lut } from '../metadata/lutData';

/**
 * Grey levels the GPU window cannot produce, computed per image in image space: a VOI LUT table
 * (PS3.3 C.11.2.1.1) and pixel padding (C.7.5.1.1.2). Pure: values in, 8-bit levels or masks out.
 */

/**
 * A VOI LUT applied as a table: each modality value's entry, scaled from the table's output range
 * (0 … 2^bits − 1, bits from the LUT Descriptor) to 0–255. Values before the first mapped one take
 * the first entry, values after the last take the last (C.11.2.1.1).
 */
export function voiTableLevels(values: ArrayLike<number>, lut: Lut): Uint8Array {
  const entries = lut.lut;
  const last = entries.length - 1;
  const bits = lut.numBitsPerEntry >= 1 && lut.numBitsPerEntry <= 16 ? lut.numBitsPerEntry : 16;
  const top = 2 ** bits - 1;
  const levels = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const index = Math.min(last, Math.max(0, Math.round(values[i]!) - lut.firstValueMapped));
    levels[i] = Math.round((Math.min(top, Math.max(0, entries[index]!)) * 255) / top);
  }
  return levels;
}

/** Pixel values that are padding, inclusive at both ends, in the space of the values compared. */
interface PaddingRange {
  readonly low: number;
  readonly high: number;
}

/**
 * Pixel Padding Value (0028,0120), and with Pixel Padding Range Limit (0028,0121) the range they
 * bound, as stored values; undefined for colour images or when absent. The VR is US or SS like
 * the pixels, so a signed image's value that JSON carries unsigned wraps back.
 */
export function storedPaddingRange(dataset: DicomJsonDataset): PaddingRange | undefined {
  const value = firstNumber(dataset, '00280120');
  if (value === undefined || (firstNumber(dataset, '00280002') ?? 1) !== 1) return undefined;
  if (!firstString(dataset, '00280004')?.startsWith('MONOCHROME')) return undefined;
  const signed = firstNumber(dataset, '00280103') === 1;
  const wrap = (v: number) => (signed && v > 32767 ? v - 65536 : v);
  const limit = firstNumber(dataset, '00280121');
  const ends = [wrap(value), wrap(limit ?? value)];
  return { low: Math.min(...ends), high: Math.max(...ends) };
}

/** The range after Rescale Slope/Intercept, for pixels a loader has already rescaled. */
export function rescaledPaddingRange(range: PaddingRange, slope: number, intercept: number): PaddingRange {
  const ends = [range.low * slope + intercept, range.high * slope + intercept];
  return { low: Math.min(...ends), high: Math.max(...ends) };
}

/** 1 where a pixel is padding. */
export function paddingMask(values: ArrayLike<number>, range: PaddingRange): Uint8Array {
  const mask = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) mask[i] = values[i]! >= range.low && values[i]! <= range.high ? 1 : 0;
  return mask;
}

/** Smallest and largest value that is not padding; undefined when every pixel is padding. */
export function rangeWithoutPadding(
  values: ArrayLike<number>,
  range: PaddingRange,
): { min: number; max: number } | undefined {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    if (value >= range.low && value <= range.high) continue;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return min <= max ? { min, max } : undefined;
}
