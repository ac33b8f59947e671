import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The Emscripten decoders' shared shape (OpenJPEG, OpenJPH, libjpeg-turbo, CharLS). */
interface WasmDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  decode(): void;
  getFrameInfo(): { width: number; height: number; bitsPerSample: number; componentCount: number; isSigned: boolean };
  getDecodedBuffer(): Uint8Array;
  delete?(): void;
}
type DecoderModule = Record<string, new () => WasmDecoder>;

/**
 * The codec builds the viewer decodes with in the browser (Cornerstone's), by the transfer syntax
 * they decode, so a rendered image and the viewer's start from the same samples.
 */
const CODECS: Record<string, [module: string, decoder: string]> = {
  '1.2.840.10008.1.2.4.90': ['@cornerstonejs/codec-openjpeg/decodewasmjs', 'J2KDecoder'],
  '1.2.840.10008.1.2.4.91': ['@cornerstonejs/codec-openjpeg/decodewasmjs', 'J2KDecoder'],
  '1.2.840.10008.1.2.4.201': ['@cornerstonejs/codec-openjph/wasmjs', 'HTJ2KDecoder'],
  '1.2.840.10008.1.2.4.202': ['@cornerstonejs/codec-openjph/wasmjs', 'HTJ2KDecoder'],
  '1.2.840.10008.1.2.4.203': ['@cornerstonejs/codec-openjph/wasmjs', 'HTJ2KDecoder'],
  '1.2.840.10008.1.2.4.50': ['@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs', 'JPEGDecoder'],
  '1.2.840.10008.1.2.4.80': ['@cornerstonejs/codec-charls/decodewasmjs', 'JpegLSDecoder'],
  '1.2.840.10008.1.2.4.81': ['@cornerstonejs/codec-charls/decodewasmjs', 'JpegLSDecoder'],
};

/** Colour codestreams these decoders hand back as RGB (JPEG's YCbCr and JPEG 2000's RCT/ICT undone). */
export const DECODES_TO_RGB = new Set([
  '1.2.840.10008.1.2.4.50',
  '1.2.840.10008.1.2.4.90',
  '1.2.840.10008.1.2.4.91',
  '1.2.840.10008.1.2.4.201',
  '1.2.840.10008.1.2.4.202',
  '1.2.840.10008.1.2.4.203',
]);

interface DecodedCodestream {
  width: number;
  height: number;
  components: number;
  /** Interleaved samples. */
  samples: Uint8Array | Int8Array | Uint16Array | Int16Array;
}

const modules = new Map<string, Promise<DecoderModule>>();

export function hasWasmDecoder(transferSyntaxUID: string): boolean {
  return transferSyntaxUID in CODECS;
}

/** Decodes one codestream; each codec's module is loaded once, on first use. */
export async function decodeWithWasm(transferSyntaxUID: string, frame: Uint8Array): Promise<DecodedCodestream> {
  const [moduleName, decoderName] = CODECS[transferSyntaxUID]!;
  let module = modules.get(moduleName);
  if (module === undefined) {
    module = (require(moduleName) as () => Promise<DecoderModule>)();
    modules.set(moduleName, module);
  }
  const decoder = new (await module)[decoderName]!();
  try {
    decoder.getEncodedBuffer(frame.length).set(frame);
    decoder.decode();
    const info = decoder.getFrameInfo();
    const bytes = decoder.getDecodedBuffer().slice();
    const samples =
      info.bitsPerSample > 8
        ? info.isSigned
          ? new Int16Array(bytes.buffer, 0, bytes.byteLength >> 1)
          : new Uint16Array(bytes.buffer, 0, bytes.byteLength >> 1)
        : info.isSigned
          ? new Int8Array(bytes.buffer)
          : bytes;
    return { width: info.width, height: info.height, components: info.componentCount, samples };
  } finally {
    decoder.delete?.();
  }
}
