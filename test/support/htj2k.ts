/** HTJ2K in Node for tests: codec-openjph's decoder, and the codestream's main-header markers (ISO 15444-1 Annex A). */
import { HTJ2K_LOSSLESS_RPCL } from '../../src/dicom/pixel/transferSyntax';
import { decodeWithWasm } from './wasmCodecs';

interface DecodedHtj2k {
  /** The decoded samples as bytes: little endian, interleaved colour. */
  pixels: Uint8Array;
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsPerSample: number;
  isSigned: boolean;
}

/** Decodes a whole HTJ2K codestream at full resolution. */
export async function decodeHtj2k(bytes: Uint8Array): Promise<DecodedHtj2k> {
  const { info, samples } = await decodeWithWasm(HTJ2K_LOSSLESS_RPCL, bytes);
  return {
    pixels: new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength),
    rows: info.height,
    columns: info.width,
    samplesPerPixel: info.componentCount,
    bitsPerSample: info.bitsPerSample,
    isSigned: info.isSigned,
  };
}

interface CodestreamHeader {
  columns: number;
  rows: number;
  /** COD's progression order: 0 LRCP, 1 RLCP, 2 RPCL, 3 PCRL, 4 CPRL. */
  progressionOrder: number;
  decompositionLevels: number;
  /** COD's wavelet: 1 reversible 5-3 (lossless), 0 irreversible 9-7. */
  reversible: boolean;
  /** Whether the main header carries a TLM marker segment. */
  hasTlm: boolean;
  /** The tile-part lengths TLM lists, in order. */
  tilePartLengths: number[];
}

const SOC = 0xff4f;
const SIZ = 0xff51;
const COD = 0xff52;
const TLM = 0xff55;
const SOT = 0xff90;

/** Reads SIZ, COD and TLM from the main header (up to the first SOT). */
export function readCodestreamHeader(bytes: Uint8Array): CodestreamHeader {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint16(0) !== SOC) throw new Error('Not a JPEG 2000 codestream (no SOC)');
  const header: Partial<CodestreamHeader> = { hasTlm: false, tilePartLengths: [] };
  let at = 2;
  while (at + 4 <= bytes.length) {
    const marker = view.getUint16(at);
    if (marker === SOT) break;
    const length = view.getUint16(at + 2);
    const body = at + 4;
    if (marker === SIZ) {
      header.columns = view.getUint32(body + 2) - view.getUint32(body + 10);
      header.rows = view.getUint32(body + 6) - view.getUint32(body + 14);
    } else if (marker === COD) {
      header.progressionOrder = view.getUint8(body + 1);
      header.decompositionLevels = view.getUint8(body + 5);
      header.reversible = view.getUint8(body + 9) === 1;
    } else if (marker === TLM) {
      header.hasTlm = true;
      const stlm = view.getUint8(body + 1);
      const tileIndexBytes = (stlm >> 4) & 0x3;
      const lengthBytes = stlm & 0x40 ? 4 : 2;
      for (let entry = body + 2; entry < at + 2 + length; entry += tileIndexBytes + lengthBytes) {
        const lengthAt = entry + tileIndexBytes;
        header.tilePartLengths!.push(lengthBytes === 4 ? view.getUint32(lengthAt) : view.getUint16(lengthAt));
      }
    }
    at += 2 + length;
  }
  if (header.columns === undefined || header.progressionOrder === undefined) {
    throw new Error('The codestream has no SIZ or COD marker');
  }
  return header as CodestreamHeader;
}
