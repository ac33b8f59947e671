import { notAcceptable } from '../errors';
import { decodeRle } from '../../dicom/pixel/rle';
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
    const samples = nativeSamples(bytes, attributes);
    return { width: columns, height: rows, samplesPerPixel, photometric, samples: interleave(samples, attributes) };
  }
  if (transferSyntaxUID === RLE) {
    // The shared decoder answers native little endian, samples interleaved by pixel.
    const raw = rleSamples(bytes, attributes);
    const samples = nativeSamples(raw, { ...attributes, planarConfiguration: 0 });
    return { width: columns, height: rows, samplesPerPixel, photometric, samples };
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
