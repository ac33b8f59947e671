/**
 * Frames of native (uncompressed) Pixel Data. Frames follow each other with no padding, so with
 * Bits Allocated 1 a frame whose pixel count is not a multiple of 8 starts inside a byte
 * (PS3.5 8.1.1, 8.2). Isomorphic.
 */

export interface FrameGeometry {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  /**
   * YBR_FULL_422 and YBR_PARTIAL_422: two Y samples share one Cb and one Cr, so an uncompressed
   * frame holds two samples per pixel, not three (PS3.3 C.7.6.3.1.2).
   */
  chromaSubsampled?: boolean;
}

/** Where one frame lies inside the Pixel Data value. */
interface FrameSpan {
  /** First byte holding bits of the frame. */
  byteOffset: number;
  /** Bytes from byteOffset to the byte holding the frame's last bit. */
  byteLength: number;
  /** Bit (0 = least significant) of the first byte where the frame starts; 0 unless Bits Allocated is 1. */
  bitOffset: number;
  bitLength: number;
}

/** Bits in one frame: Rows × Columns × Samples per Pixel × Bits Allocated. */
export function frameBits(geometry: FrameGeometry): number {
  const samples = geometry.chromaSubsampled ? 2 : geometry.samplesPerPixel;
  return geometry.rows * geometry.columns * samples * geometry.bitsAllocated;
}

/** Span of frame `frameNumber` (1-based). */
export function nativeFrameSpan(geometry: FrameGeometry, frameNumber: number): FrameSpan {
  const bitLength = frameBits(geometry);
  const firstBit = (frameNumber - 1) * bitLength;
  const byteOffset = Math.floor(firstBit / 8);
  const endByte = Math.ceil((firstBit + bitLength) / 8);
  return { byteOffset, byteLength: endByte - byteOffset, bitOffset: firstBit % 8, bitLength };
}

/**
 * Copies `bitLength` bits starting at bit `bitOffset` of `bytes` into a new array that starts on
 * a byte boundary, keeping DICOM's bit order (first pixel in the least significant bit). Unused
 * bits of the last byte are zero.
 */
export function extractBits(bytes: Uint8Array, bitOffset: number, bitLength: number): Uint8Array {
  const out = new Uint8Array(Math.ceil(bitLength / 8));
  const shift = bitOffset % 8;
  const start = Math.floor(bitOffset / 8);
  for (let i = 0; i < out.length; i++) {
    const low = bytes[start + i] ?? 0;
    const high = bytes[start + i + 1] ?? 0;
    out[i] = shift === 0 ? low : ((low >>> shift) | (high << (8 - shift))) & 0xff;
  }
  const spare = out.length * 8 - bitLength;
  if (spare > 0) out[out.length - 1]! &= 0xff >>> spare;
  return out;
}
