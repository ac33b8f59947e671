import { notAcceptable } from '../errors';
import { decodeJpegSequential } from '../../dicom/pixel/jpegSequential';
import { decodeRle } from '../../dicom/pixel/rle';
import { decodeJpegLossless, JPEG_LOSSLESS, UnreadableCodestream } from './jpegLossless';
import { decodeWithWasm, DECODES_TO_RGB, hasWasmDecoder } from './wasmDecoders';

/** What the Image Pixel module says about the samples (PS3.3 C.7.6.3). */
export interface PixelAttributes {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  bitsStored: number;
  pixelRepresentation: number;
  photometric: string;
  planarConfiguration: number;
}

/** One frame's stored values, interleaved, as integers; colour already RGB where the codec converted it. */
export interface DecodedFrame {
  width: number;
  height: number;
  samplesPerPixel: number;
  samples: Int32Array;
  /** The photometric interpretation the samples are in now. */
  photometric: string;
}

/** Transfer syntaxes whose frames arrive as native little-endian samples (the backends decode deflate and encapsulated uncompressed). */
const NATIVE = new Set([
  '1.2.840.10008.1.2',
  '1.2.840.10008.1.2.1',
  '1.2.840.10008.1.2.2',
  '1.2.840.10008.1.2.1.99',
  '1.2.840.10008.1.2.1.98',
]);
const RLE = '1.2.840.10008.1.2.5';
/** JPEG Extended (Process 2 & 4), 8 or 12 bits: decoded as the viewer decodes it (src/viewer/decode/frameDecoder.ts). */
const JPEG_EXTENDED = '1.2.840.10008.1.2.4.51';

export function cannotRender(reason: string) {
  return notAcceptable(`This image cannot be rendered: ${reason}`);
}

export async function decodeFrame(
  bytes: Uint8Array,
  transferSyntaxUID: string,
  attributes: PixelAttributes,
): Promise<DecodedFrame> {
  const { rows, columns, samplesPerPixel, photometric } = attributes;
  if (NATIVE.has(transferSyntaxUID)) {
    if (photometric === 'YBR_FULL_422') return ybrFull422(bytes, attributes);
    const samples = nativeSamples(bytes, attributes);
    return { width: columns, height: rows, samplesPerPixel, photometric, samples: interleave(samples, attributes) };
  }
  if (transferSyntaxUID === RLE) {
    // The shared decoder answers native little endian, samples interleaved by pixel.
    const raw = rleSamples(bytes, attributes);
    const samples = nativeSamples(raw, { ...attributes, planarConfiguration: 0 });
    return { width: columns, height: rows, samplesPerPixel, photometric, samples };
  }
  if (JPEG_LOSSLESS.has(transferSyntaxUID)) {
    const decoded = await losslessSamples(bytes, attributes);
    if (decoded.width !== columns || decoded.height !== rows || decoded.components !== samplesPerPixel) {
      throw cannotRender('its JPEG Lossless frame does not have the rows, columns and samples its attributes say');
    }
    return {
      width: columns,
      height: rows,
      samplesPerPixel,
      photometric,
      samples: masked(Int32Array.from(decoded.samples), attributes),
    };
  }
  if (transferSyntaxUID === JPEG_EXTENDED) {
    const decoded = jpegSequentialSamples(bytes);
    if (decoded.width !== columns || decoded.height !== rows || decoded.components !== samplesPerPixel) {
      throw cannotRender('its JPEG frame does not have the rows, columns and samples its attributes say');
    }
    return {
      width: columns,
      height: rows,
      samplesPerPixel,
      // The decoder upsamples the chrominance and converts no colour: YBR_FULL_422 is YBR_FULL now.
      photometric: photometric.startsWith('YBR_FULL') ? 'YBR_FULL' : photometric,
      samples: masked(Int32Array.from(decoded.samples), attributes),
    };
  }
  if (!hasWasmDecoder(transferSyntaxUID)) throw cannotRender(`no decoder for transfer syntax ${transferSyntaxUID}`);
  const decoded = await decodeWithWasm(transferSyntaxUID, bytes);
  const samples = Int32Array.from(decoded.samples);
  const rgb = decoded.components === 3 && DECODES_TO_RGB.has(transferSyntaxUID);
  return {
    width: decoded.width,
    height: decoded.height,
    samplesPerPixel: decoded.components,
    photometric: rgb ? 'RGB' : photometric,
    samples: masked(samples, attributes),
  };
}

/** Native samples, little endian (as every backend answers frames, PS3.18 8.7.3.3.1), in file order. */
function nativeSamples(bytes: Uint8Array, attributes: PixelAttributes): Int32Array {
  const { rows, columns, samplesPerPixel, bitsAllocated } = attributes;
  const count = rows * columns * samplesPerPixel;
  const out = new Int32Array(count);
  if (bitsAllocated === 1) {
    if (bytes.length * 8 < count) throw cannotRender('the frame is shorter than its rows and columns');
    for (let i = 0; i < count; i++) out[i] = (bytes[i >> 3]! >> (i & 7)) & 1;
    return out;
  }
  const width = bitsAllocated / 8;
  if (width !== 1 && width !== 2 && width !== 4) throw cannotRender(`${bitsAllocated} bits allocated`);
  if (bytes.length < count * width) throw cannotRender('the frame is shorter than its rows and columns');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < count; i++) {
    out[i] = width === 1 ? view.getUint8(i) : width === 2 ? view.getUint16(i * 2, true) : view.getInt32(i * 4, true);
  }
  return masked(out, attributes);
}

/**
 * Keeps Bits Stored and sign-extends signed values: the bits above may hold overlays or noise
 * (PS3.5 8.1.1), which the viewer ignores too.
 */
function masked(samples: Int32Array, { bitsStored, pixelRepresentation, bitsAllocated }: PixelAttributes): Int32Array {
  if (bitsAllocated === 1 || bitsStored >= 32) return samples;
  const mask = 2 ** bitsStored - 1;
  const signBit = 2 ** (bitsStored - 1);
  for (let i = 0; i < samples.length; i++) {
    const value = samples[i]! & mask;
    samples[i] = pixelRepresentation === 1 && value >= signBit ? value - 2 ** bitsStored : value;
  }
  return samples;
}

/**
 * Native YBR_FULL_422 keeps one Cb and Cr for each two pixels of a row, stored Y1 Y2 Cb Cr
 * (PS3.3 C.7.6.3.1.2, PS3.5 8.2.1): each pixel gets its pair's, which makes it YBR_FULL.
 */
function ybrFull422(bytes: Uint8Array, attributes: PixelAttributes): DecodedFrame {
  const { rows, columns, samplesPerPixel, bitsAllocated } = attributes;
  if (samplesPerPixel !== 3 || bitsAllocated !== 8 || columns % 2 !== 0) {
    throw cannotRender('its YBR_FULL_422 pixels are not 8-bit samples in pairs of columns');
  }
  const pixels = rows * columns;
  if (bytes.length < pixels * 2) throw cannotRender('the frame is shorter than its rows and columns');
  const samples = new Int32Array(pixels * 3);
  for (let pixel = 0; pixel < pixels; pixel++) {
    const pair = (pixel >> 1) * 4;
    samples[pixel * 3] = bytes[pair + (pixel & 1)]!;
    samples[pixel * 3 + 1] = bytes[pair + 2]!;
    samples[pixel * 3 + 2] = bytes[pair + 3]!;
  }
  return {
    width: columns,
    height: rows,
    samplesPerPixel,
    photometric: 'YBR_FULL',
    samples: masked(samples, attributes),
  };
}

function interleave(samples: Int32Array, { samplesPerPixel, planarConfiguration, rows, columns }: PixelAttributes) {
  if (samplesPerPixel === 1 || planarConfiguration !== 1) return samples;
  const pixels = rows * columns;
  const out = new Int32Array(samples.length);
  for (let p = 0; p < pixels; p++) {
    for (let s = 0; s < samplesPerPixel; s++) out[p * samplesPerPixel + s] = samples[s * pixels + p]!;
  }
  return out;
}

function rleSamples(bytes: Uint8Array, attributes: PixelAttributes): Uint8Array {
  try {
    return decodeRle(bytes, attributes);
  } catch (error) {
    throw cannotRender(error instanceof Error ? error.message : 'its RLE data cannot be read');
  }
}

async function losslessSamples(bytes: Uint8Array, attributes: PixelAttributes) {
  try {
    return await decodeJpegLossless(bytes, attributes.bitsAllocated <= 8 ? 1 : 2);
  } catch (error) {
    if (error instanceof UnreadableCodestream) throw cannotRender(error.message);
    throw error;
  }
}

function jpegSequentialSamples(bytes: Uint8Array) {
  try {
    return decodeJpegSequential(bytes);
  } catch (error) {
    throw cannotRender(`its JPEG data cannot be read (${error instanceof Error ? error.message : 'unknown error'})`);
  }
}
