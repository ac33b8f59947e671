import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { decodeWithWasm, wasmCodecOf } from '../wasmCodecs';

/**
 * Decodes one frame as WADO-RS served it, in Node, with the codec builds Cornerstone uses in the
 * browser (OpenJPEG, libjpeg-turbo, CharLS, jpeg-lossless-decoder-js, and dicom-image-loader's
 * pure JavaScript RLE and 12-bit JPEG decoders), to count the pixels a viewer would get.
 */
interface FrameFacts {
  /** The transfer syntax of the served frame (its part's transfer-syntax parameter). */
  transferSyntaxUID: string;
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  pixelRepresentation: number;
  planarConfiguration: number;
}

interface DecodedFrame {
  /** Pixels (samples ÷ Samples per Pixel) the decoder produced. */
  pixels: number;
  decoder: string;
}

const require = createRequire(import.meta.url);
const imageLoader = path.join(
  path.dirname(require.resolve('@cornerstonejs/dicom-image-loader/package.json')),
  'dist/esm',
);

const NATIVE = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.2']);
const JPEG_LOSSLESS = new Set(['1.2.840.10008.1.2.4.57', '1.2.840.10008.1.2.4.70']);

/** Throws when the frame does not decode, or the transfer syntax has no decoder here. */
export async function decodeFrame(frame: Uint8Array, facts: FrameFacts): Promise<DecodedFrame> {
  const syntax = facts.transferSyntaxUID;
  if (NATIVE.has(syntax)) {
    const samples = Math.floor((frame.length * 8) / facts.bitsAllocated);
    return { pixels: Math.floor(samples / facts.samplesPerPixel), decoder: 'native' };
  }
  const codec = wasmCodecOf(syntax);
  if (codec) {
    const { info } = await decodeWithWasm(syntax, frame);
    return { pixels: info.width * info.height, decoder: codec };
  }
  const imageFrame = { ...facts, pixelData: undefined as ArrayLike<number> | undefined };
  if (JPEG_LOSSLESS.has(syntax)) {
    const { Decoder } = require('@cornerstonejs/jpeg-lossless-decoder-js') as {
      Decoder: new () => { decode(b: ArrayBuffer, o: number, l: number, n: number): ArrayLike<number> };
    };
    const bytesPerSample = facts.bitsAllocated <= 8 ? 1 : 2;
    // A copy of its own: the decoder reads `buffer` from 0, and a Buffer's may be a shared pool.
    const copy = new Uint8Array(frame);
    const decoded = new Decoder().decode(copy.buffer, 0, copy.length, bytesPerSample);
    return { pixels: decoded.length / facts.samplesPerPixel, decoder: 'jpeg-lossless-decoder-js' };
  }
  if (syntax === '1.2.840.10008.1.2.5') {
    const module = (await import(pathToFileURL(path.join(imageLoader, 'shared/decoders/decodeRLE.js')).href)) as {
      default: (frame: typeof imageFrame, data: Uint8Array) => Promise<typeof imageFrame>;
    };
    const decoded = await module.default(imageFrame, frame);
    return { pixels: decoded.pixelData!.length / facts.samplesPerPixel, decoder: 'dicom-image-loader RLE' };
  }
  if (syntax === '1.2.840.10008.1.2.4.51') {
    const module = (await import(pathToFileURL(path.join(imageLoader, 'codecs/jpeg.js')).href)) as {
      default: new () => {
        parse(d: Uint8Array): void;
        colorTransform: boolean;
        getData16(w: number, h: number): ArrayLike<number>;
      };
    };
    const jpeg = new module.default();
    jpeg.parse(frame);
    jpeg.colorTransform = false;
    const decoded = jpeg.getData16(facts.columns, facts.rows);
    return { pixels: decoded.length / facts.samplesPerPixel, decoder: 'dicom-image-loader 12-bit JPEG' };
  }
  throw new Error(`No Node decoder for transfer syntax ${syntax}`);
}
