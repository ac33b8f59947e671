import dicomParser, { type DataSet } from 'dicom-parser';

/** A small greyscale picture as RGBA bytes, ready for a canvas's ImageData. */
interface ThumbnailPixels {
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
}

const LITTLE_ENDIAN_NATIVE = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1']);

/**
 * The first frame of an uncompressed 8/16-bit greyscale image, scaled down to `size` pixels at
 * most and shown with the file's own window (or its pixels' range). Anything else (compressed,
 * colour, big endian) is undefined and the page shows a placeholder: this picture only helps the
 * sender recognise a series, and the browser-only viewer is one tap away for the real thing.
 */
export function thumbnailPixels(bytes: Uint8Array, size = 96): ThumbnailPixels | undefined {
  let dataset;
  try {
    dataset = dicomParser.parseDicom(bytes);
  } catch {
    return undefined;
  }
  const transferSyntax = dataset.string('x00020010');
  const pixelData = dataset.elements.x7fe00010;
  const rows = dataset.uint16('x00280010') ?? 0;
  const columns = dataset.uint16('x00280011') ?? 0;
  const bitsAllocated = dataset.uint16('x00280100') ?? 0;
  const samples = dataset.uint16('x00280002') ?? 1;
  const photometric = dataset.string('x00280004') ?? '';
  if (
    !transferSyntax ||
    !LITTLE_ENDIAN_NATIVE.has(transferSyntax) ||
    !pixelData ||
    pixelData.encapsulatedPixelData ||
    samples !== 1 ||
    !photometric.startsWith('MONOCHROME') ||
    (bitsAllocated !== 8 && bitsAllocated !== 16) ||
    rows === 0 ||
    columns === 0 ||
    pixelData.length < rows * columns * (bitsAllocated / 8)
  )
    return undefined;
  const signed = dataset.uint16('x00280103') === 1;
  const offset = bytes.byteOffset + pixelData.dataOffset;
  const count = rows * columns;
  const stored =
    bitsAllocated === 8
      ? signed
        ? new Int8Array(bytes.buffer, offset, count)
        : new Uint8Array(bytes.buffer, offset, count)
      : copyWords(bytes, pixelData.dataOffset, count, signed);
  const slope = dataset.floatString('x00281053') ?? 1;
  const intercept = dataset.floatString('x00281052') ?? 0;
  const { low, high } = windowOf(dataset, stored, slope, intercept);
  const scale = Math.min(1, size / Math.max(rows, columns));
  const width = Math.max(1, Math.round(columns * scale));
  const height = Math.max(1, Math.round(rows * scale));
  const rgba = new Uint8ClampedArray(width * height * 4);
  const invert = photometric === 'MONOCHROME1';
  for (let y = 0; y < height; y++) {
    const sourceRow = Math.min(rows - 1, Math.floor(y / scale));
    for (let x = 0; x < width; x++) {
      const value = stored[sourceRow * columns + Math.min(columns - 1, Math.floor(x / scale))]! * slope + intercept;
      const grey = high > low ? ((value - low) / (high - low)) * 255 : 128;
      const shown = invert ? 255 - grey : grey;
      const at = (y * width + x) * 4;
      rgba[at] = rgba[at + 1] = rgba[at + 2] = shown;
      rgba[at + 3] = 255;
    }
  }
  return { width, height, rgba };
}

/** 16-bit words may start at an odd byte offset, where a typed-array view cannot. */
function copyWords(bytes: Uint8Array, dataOffset: number, count: number, signed: boolean): Int16Array | Uint16Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset + dataOffset, count * 2);
  const words = signed ? new Int16Array(count) : new Uint16Array(count);
  for (let i = 0; i < count; i++) words[i] = signed ? view.getInt16(i * 2, true) : view.getUint16(i * 2, true);
  return words;
}

function windowOf(
  dataset: DataSet,
  stored: ArrayLike<number>,
  slope: number,
  intercept: number,
): { low: number; high: number } {
  const center = dataset.floatString('x00281050');
  const width = dataset.floatString('x00281051');
  if (center !== undefined && width !== undefined && width > 1)
    return { low: center - width / 2, high: center + width / 2 };
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < stored.length; i++) {
    const value = stored[i]!;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  const ends = [min * slope + intercept, max * slope + intercept];
  return { low: Math.min(...ends), high: Math.max(...ends) };
}
