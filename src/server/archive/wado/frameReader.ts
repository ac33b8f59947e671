import { inflateRawSync } from 'node:zlib';
import { swapBytes, type WordSize } from '../../../dicom/pixel/byteSwap';
import { extractBits, frameBits, nativeFrameSpan } from '../../../dicom/pixel/nativeFrame';
import type { ByteSource } from './byteSource';
import type { PixelLayout } from './pixelLayout';
import { frameOutOfRange, unreadableInstance } from './wadoErrors';

/**
 * Throws before any byte is sent when a frame does not exist (400) or lies beyond the stored
 * value (500: Rows × Columns × … asks for more bytes than the file holds).
 */
export function checkFrame(layout: PixelLayout, frameNumber: number): void {
  if (frameNumber > layout.numberOfFrames) throw frameOutOfRange(frameNumber, layout.numberOfFrames);
  if (layout.native) {
    const span = nativeFrameSpan(layout.geometry, frameNumber);
    if (span.byteOffset + span.byteLength > layout.native.length) {
      throw unreadableInstance(`Frame ${frameNumber} lies beyond the end of the Pixel Data value`);
    }
  }
}

/**
 * One frame. Native frames always come out little endian and byte aligned (PS3.18 8.7.3.3.1).
 * Encapsulated frames come out as stored (their fragments joined), or, with `decode`, raw little
 * endian where this server can decode them: deflated frames (PS3.5 A.4.13) and encapsulated
 * uncompressed ones (PS3.5 A.4.11).
 */
export async function readFrame(
  layout: PixelLayout,
  frameNumber: number,
  source: ByteSource,
  decode: boolean,
): Promise<Uint8Array> {
  checkFrame(layout, frameNumber);
  if (layout.native) {
    const { offset, length, wordSize } = layout.native;
    const span = nativeFrameSpan(layout.geometry, frameNumber);
    // Swapping needs whole words, counted from the start of the value.
    const start = Math.floor(span.byteOffset / wordSize) * wordSize;
    const end = Math.min(Math.ceil((span.byteOffset + span.byteLength) / wordSize) * wordSize, length);
    const words = toLittleEndian(await source.read(offset + start, end - start), wordSize);
    const bytes = words.subarray(span.byteOffset - start, span.byteOffset - start + span.byteLength);
    return span.bitOffset === 0 && span.bitLength % 8 === 0
      ? bytes
      : extractBits(bytes, span.bitOffset, span.bitLength);
  }
  const ranges = layout.frames?.[frameNumber - 1] ?? [];
  const parts = await Promise.all(ranges.map((range) => source.read(range.offset, range.length)));
  const stored = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  if (!decode) return stored;
  const expected = Math.ceil(frameBits(layout.geometry) / 8);
  const raw =
    layout.transferSyntax.encoding === 'deflatedFrames' ? inflateFrame(stored, expected, frameNumber) : stored;
  // Fragments are padded to even length (PS3.5 A.4); the frame is what Rows × Columns × … asks for.
  if (raw.length < expected)
    throw unreadableInstance(`Frame ${frameNumber} holds ${raw.length} bytes, ${expected} expected`);
  return raw.subarray(0, expected);
}

/** The whole native Pixel Data value, little endian, in chunks (for bulk data retrieval). */
export async function* nativeValueChunks(
  layout: PixelLayout,
  source: ByteSource,
  chunkSize = 1 << 20,
): AsyncGenerator<Uint8Array> {
  if (!layout.native) return;
  const { offset, length, wordSize } = layout.native;
  const step = chunkSize - (chunkSize % 8);
  for (let at = 0; at < length; at += step) {
    yield toLittleEndian(await source.read(offset + at, Math.min(step, length - at)), wordSize);
  }
}

function toLittleEndian(bytes: Uint8Array, wordSize: WordSize): Uint8Array {
  return wordSize === 1 ? bytes : swapBytes(bytes, wordSize);
}

function inflateFrame(bytes: Uint8Array, expected: number, frameNumber: number): Uint8Array {
  try {
    // Room for the one pad byte an encoder may have deflated along; more would be a broken frame.
    return inflateRawSync(bytes, { maxOutputLength: expected + 1 });
  } catch (error) {
    throw unreadableInstance(`Frame ${frameNumber} does not inflate to ${expected} bytes`, error);
  }
}
