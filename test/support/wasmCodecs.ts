import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The Emscripten decoders' shared shape (OpenJPEG, OpenJPH, libjpeg-turbo, CharLS). */
interface WasmDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  decode(): void;
  getFrameInfo(): { width: number; height: number; bitsPerSample: number; componentCount: number; isSigned: boolean };
  getDecodedBuffer(): Uint8Array;
}
type DecoderModule = Record<string, new () => WasmDecoder>;

/** The codec builds Cornerstone uses in the browser, by the transfer syntax they decode. */
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

/** The package name of the codec for a transfer syntax, or undefined when none of these decodes it. */
export function wasmCodecOf(transferSyntaxUID: string): string | undefined {
  return CODECS[transferSyntaxUID]?.[0].split('/')[1];
}

/** Decodes one codestream in Node; its samples typed by the decoder's bit depth and sign. */
export async function decodeWithWasm(transferSyntaxUID: string, frame: Uint8Array) {
  const [moduleName, decoderName] = CODECS[transferSyntaxUID]!;
  const factory = require(moduleName) as () => Promise<DecoderModule>;
  const decoder = new (await factory())[decoderName]!();
  decoder.getEncodedBuffer(frame.length).set(frame);
  decoder.decode();
  const info = decoder.getFrameInfo();
  const decoded = decoder.getDecodedBuffer().slice();
  const samples =
    info.bitsPerSample > 8
      ? info.isSigned
        ? new Int16Array(decoded.buffer, decoded.byteOffset, decoded.byteLength / 2)
        : new Uint16Array(decoded.buffer, decoded.byteOffset, decoded.byteLength / 2)
      : decoded;
  return { info, samples };
}
