import { writePart10 as writeDataset, type NaturalDataset } from '../../dicom/part10Writer';

/** Pixel data as the bytes of one element; 16-bit samples must already be little endian. */
interface PixelBytes {
  readonly bytes: Uint8Array;
  readonly bitsAllocated: 8 | 16;
}

/** A demo image as a DICOM Part 10 file, its pixel data as OB (8-bit) or OW (16-bit). */
export function writePart10(dataset: NaturalDataset, pixels: PixelBytes): Uint8Array {
  const { bytes } = pixels;
  const exact =
    bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.slice().buffer;
  const vrMap = (dataset._vrMap ?? {}) as Record<string, string>;
  return writeDataset({
    ...dataset,
    PixelData: [exact],
    _vrMap: { ...vrMap, PixelData: pixels.bitsAllocated === 8 ? 'OB' : 'OW' },
  });
}

const LITTLE_ENDIAN_PLATFORM = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Little-endian bytes of 16-bit samples, whatever the platform's byte order. */
export function littleEndianBytes(samples: Int16Array | Uint16Array): Uint8Array {
  if (LITTLE_ENDIAN_PLATFORM) return new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
  const bytes = new Uint8Array(samples.length * 2);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < samples.length; i++) view.setUint16(i * 2, (samples[i] ?? 0) & 0xffff, true);
  return bytes;
}
