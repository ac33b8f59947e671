import { describe, expect, it } from 'vitest';
import { extractBits, frameBits, nativeFrameSpan } from './nativeFrame';

/** Bit i of a DICOM bit stream: byte i >> 3, least significant bit first (PS3.5 8.1.1). */
const bitAt = (bytes: Uint8Array, i: number) => ((bytes[i >> 3] ?? 0) >> (i & 7)) & 1;

describe('nativeFrameSpan', () => {
  it('gives byte-aligned spans for whole-byte pixels', () => {
    const geometry = { rows: 2, columns: 3, samplesPerPixel: 3, bitsAllocated: 16 };
    expect(frameBits(geometry)).toBe(288);
    expect(nativeFrameSpan(geometry, 1)).toEqual({ byteOffset: 0, byteLength: 36, bitOffset: 0, bitLength: 288 });
    expect(nativeFrameSpan(geometry, 3)).toEqual({ byteOffset: 72, byteLength: 36, bitOffset: 0, bitLength: 288 });
  });

  it('counts two samples per pixel for YBR_FULL_422', () => {
    const geometry = { rows: 100, columns: 100, samplesPerPixel: 3, bitsAllocated: 8, chromaSubsampled: true };
    expect(frameBits(geometry)).toBe(100 * 100 * 2 * 8);
    expect(nativeFrameSpan(geometry, 2)).toEqual({
      byteOffset: 20000,
      byteLength: 20000,
      bitOffset: 0,
      bitLength: 160000,
    });
  });

  it('lets 1-bit frames start inside a byte when the pixel count is not a multiple of 8', () => {
    const geometry = { rows: 3, columns: 3, samplesPerPixel: 1, bitsAllocated: 1 };
    expect(nativeFrameSpan(geometry, 1)).toEqual({ byteOffset: 0, byteLength: 2, bitOffset: 0, bitLength: 9 });
    expect(nativeFrameSpan(geometry, 2)).toEqual({ byteOffset: 1, byteLength: 2, bitOffset: 1, bitLength: 9 });
    expect(nativeFrameSpan(geometry, 8)).toEqual({ byteOffset: 7, byteLength: 2, bitOffset: 7, bitLength: 9 });
    expect(nativeFrameSpan(geometry, 9)).toEqual({ byteOffset: 9, byteLength: 2, bitOffset: 0, bitLength: 9 });
  });
});

describe('extractBits', () => {
  it('matches a bit-by-bit copy for every start bit', () => {
    const bytes = Uint8Array.from({ length: 64 }, (_, i) => (i * 73 + 19) & 0xff);
    for (const bitLength of [1, 7, 9, 17, 64, 100]) {
      for (let bitOffset = 0; bitOffset < 24; bitOffset++) {
        const out = extractBits(bytes, bitOffset, bitLength);
        expect(out.length).toBe(Math.ceil(bitLength / 8));
        for (let i = 0; i < out.length * 8; i++) {
          expect(bitAt(out, i)).toBe(i < bitLength ? bitAt(bytes, bitOffset + i) : 0);
        }
      }
    }
  });

  it('reassembles frames of a packed 1-bit multi-frame value', () => {
    // Five 3x3 frames whose pixel i is set when i equals the frame index: 45 bits over 6 bytes.
    const geometry = { rows: 3, columns: 3, samplesPerPixel: 1, bitsAllocated: 1 };
    const packed = new Uint8Array(6);
    for (let frame = 0; frame < 5; frame++) {
      const bit = frame * 9 + frame;
      packed[bit >> 3]! |= 1 << (bit & 7);
    }
    for (let frame = 1; frame <= 5; frame++) {
      const span = nativeFrameSpan(geometry, frame);
      const out = extractBits(
        packed.subarray(span.byteOffset, span.byteOffset + span.byteLength),
        span.bitOffset,
        span.bitLength,
      );
      const set = Array.from({ length: 9 }, (_, i) => bitAt(out, i));
      expect(set).toEqual(Array.from({ length: 9 }, (_, i) => (i === frame - 1 ? 1 : 0)));
    }
  });
});
