import { createHash } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import dicomParser from 'dicom-parser';
import type { ManifestEntry } from './corpus';

/** A file of a corpus outside ../shared/dicom, described with MANIFEST.json's fields. */
export interface ExtraEntry extends ManifestEntry {
  /** Absolute path of the file. */
  readonly file: string;
  readonly sha256: string;
  readonly transferSyntaxName?: string;
  readonly samplesPerPixel?: number;
  readonly bitsAllocated?: number;
  readonly bitsStored?: number;
  readonly pixelData?: { element: string; encapsulated: boolean; valueLength: number; expectedLength?: number };
  /** What the viewer must do with a generated object, as its generator says; absent for public samples. */
  readonly expect?: 'render' | 'document' | 'placeholder';
  /** Why the file is not an image, where it is not. */
  readonly notes?: string;
}

const IMPLICIT_LE = '1.2.840.10008.1.2';
const EXPLICIT_LE = '1.2.840.10008.1.2.1';
const EXPLICIT_BE = '1.2.840.10008.1.2.2';
const SYNTAX_NAMES: Record<string, string> = {
  [IMPLICIT_LE]: 'Implicit VR Little Endian',
  [EXPLICIT_LE]: 'Explicit VR Little Endian',
  [EXPLICIT_BE]: 'Explicit VR Big Endian',
  '1.2.840.10008.1.2.1.99': 'Deflated Explicit VR Little Endian',
  '1.2.840.10008.1.2.4.50': 'JPEG Baseline (Process 1)',
  '1.2.840.10008.1.2.4.51': 'JPEG Extended (Process 2 and 4)',
  '1.2.840.10008.1.2.4.57': 'JPEG Lossless, Non-Hierarchical (Process 14)',
  '1.2.840.10008.1.2.4.70': 'JPEG Lossless, Non-Hierarchical, First-Order Prediction',
  '1.2.840.10008.1.2.4.80': 'JPEG-LS Lossless Image Compression',
  '1.2.840.10008.1.2.4.81': 'JPEG-LS Lossy (Near-Lossless) Image Compression',
  '1.2.840.10008.1.2.4.90': 'JPEG 2000 Image Compression (Lossless Only)',
  '1.2.840.10008.1.2.4.91': 'JPEG 2000 Image Compression',
  '1.2.840.10008.1.2.5': 'RLE Lossless',
};

/** A data set without File Meta: explicit VR when the first element carries two upper-case VR letters. */
function bareSyntax(bytes: Uint8Array): string {
  if (bytes[0] === 0x00 && bytes[1] !== 0x00) return EXPLICIT_BE;
  return /^[A-Z]{2}$/.test(String.fromCharCode(bytes[4] ?? 0, bytes[5] ?? 0)) ? EXPLICIT_LE : IMPLICIT_LE;
}

/** dicom-parser throws strings, Errors, or `{ exception, dataSet }` objects. */
function parseError(error: unknown): string {
  if (typeof error === 'string') return error;
  if (error instanceof Error) return error.message;
  const exception = (error as { exception?: unknown } | undefined)?.exception;
  return typeof exception === 'string' ? exception : String(error);
}

function parse(bytes: Uint8Array, part10: boolean): dicomParser.DataSet {
  const inflater = (data: Uint8Array, position: number) => {
    const inflated = inflateRawSync(data.subarray(position));
    const out = new Uint8Array(position + inflated.length);
    out.set(data.subarray(0, position));
    out.set(inflated, position);
    return out;
  };
  return part10
    ? dicomParser.parseDicom(bytes, { inflater })
    : dicomParser.parseDicom(bytes, { TransferSyntaxUID: bareSyntax(bytes), inflater });
}

/**
 * Rows × Columns × Samples per Pixel × Frames × Bits Allocated / 8, as MANIFEST.json counts it (so
 * a reader of either treats YBR_FULL_422, two samples per pixel, alike).
 */
function expectedLength(dataSet: dicomParser.DataSet): number | undefined {
  const rows = dataSet.uint16('x00280010');
  const columns = dataSet.uint16('x00280011');
  const bits = dataSet.uint16('x00280100');
  if (!rows || !columns || !bits) return undefined;
  const frames = Number.parseInt(dataSet.string('x00280008') ?? '1', 10) || 1;
  const samples = dataSet.uint16('x00280002') ?? 1;
  return Math.ceil((rows * columns * frames * samples * bits) / 8);
}

/** Describes one file as MANIFEST.json does; a file dicom-parser cannot read is described by the reason. */
export function describeFile(file: string, relativePath: string, bytes: Uint8Array, category: string): ExtraEntry {
  const base = {
    type: 'file' as const,
    path: relativePath,
    category,
    file,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    storeLoadable: false,
  };
  const part10 = String.fromCharCode(...bytes.subarray(128, 132)) === 'DICM';
  // A data set without File Meta starts with an element of group 0008 (or 0002) in either byte order.
  if (!part10 && !(bytes[0] === 0x08 || bytes[1] === 0x08 || bytes[0] === 0x02 || bytes[1] === 0x02))
    return { ...base, notes: 'not a DICOM file: no DICM prefix and no data set at its start' };
  let dataSet: dicomParser.DataSet;
  try {
    dataSet = parse(bytes, part10);
  } catch (error) {
    return { ...base, notes: `not a readable DICOM data set: ${parseError(error)}` };
  }
  const syntax = dataSet.string('x00020010') ?? bareSyntax(bytes);
  const pixels = dataSet.elements.x7fe00010;
  const expected = expectedLength(dataSet);
  const pixelData = pixels && {
    element: 'PixelData',
    encapsulated: Boolean(pixels.encapsulatedPixelData),
    valueLength: pixels.length,
    expectedLength: pixels.encapsulatedPixelData ? undefined : expected,
  };
  const frames = Number.parseInt(dataSet.string('x00280008') ?? '1', 10) || 1;
  const truncated = pixelData && !pixelData.encapsulated && expected !== undefined && pixels.length < expected;
  return {
    ...base,
    transferSyntaxUID: syntax,
    transferSyntaxName: SYNTAX_NAMES[syntax] ?? syntax,
    sopClassUID: dataSet.string('x00080016') ?? dataSet.string('x00020002'),
    modality: dataSet.string('x00080060'),
    studyInstanceUID: dataSet.string('x0020000d'),
    seriesInstanceUID: dataSet.string('x0020000e'),
    sopInstanceUID: dataSet.string('x00080018'),
    rows: dataSet.uint16('x00280010'),
    columns: dataSet.uint16('x00280011'),
    frames,
    samplesPerPixel: dataSet.uint16('x00280002'),
    bitsAllocated: dataSet.uint16('x00280100'),
    bitsStored: dataSet.uint16('x00280101'),
    photometricInterpretation: dataSet.string('x00280004')?.trim(),
    pixelData,
    notes: truncated
      ? `Pixel Data truncated: ${pixels.length} of ${expected} bytes`
      : pixels
        ? undefined
        : 'no Pixel Data (7FE0,0010)',
  };
}
