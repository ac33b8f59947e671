import { readFile } from 'node:fs/promises';
import dicomParser from 'dicom-parser';
import { parsePart10 } from './part10';

/**
 * Decoder limitations of Cornerstone 5.14 (@cornerstonejs/dicom-image-loader and its codecs) that
 * the viewer cannot repair after decoding, recognised from the file's own properties (never its
 * name). They stay in the fidelity table with their MAD, marked, instead of failing the run.
 */
export async function knownDecoderGap(file: string): Promise<string | undefined> {
  let dataSet: dicomParser.DataSet;
  try {
    dataSet = parsePart10(new Uint8Array(await readFile(file)));
  } catch {
    return undefined;
  }
  const syntax = dataSet.string('x00020010') ?? '';
  const samples = dataSet.uint16('x00280002') ?? 1;
  const bitsAllocated = dataSet.uint16('x00280100') ?? 8;
  const bitsStored = dataSet.uint16('x00280101') ?? bitsAllocated;
  if (syntax === '1.2.840.10008.1.2.4.51' && bitsStored > 8)
    return "12-bit JPEG: the loader's JavaScript decoder keeps only 8 bits of precision";
  if (syntax === '1.2.840.10008.1.2.5' && samples === 3 && bitsAllocated > 8)
    return "RLE colour above 8 bits: the loader's RLE decoder handles one sample per pixel only";
  if (samples === 3 && bitsAllocated === 32) return '32-bit colour: no decoder for it (dcmtk 3.6.7 neither)';
  const frame = firstFrame(dataSet);
  if (!frame) return undefined;
  if (
    (syntax === '1.2.840.10008.1.2.4.80' || syntax === '1.2.840.10008.1.2.4.81') &&
    samples === 3 &&
    jpegLsInterleave(frame) === 0
  ) {
    return 'JPEG-LS colour with ILV 0: the decoded planes are not interleaved by the loader';
  }
  if (
    syntax === '1.2.840.10008.1.2.4.50' &&
    samples === 3 &&
    dataSet.string('x00280004')?.trim() === 'RGB' &&
    !hasMarker(frame, 0xee) &&
    !hasMarker(frame, 0xe0)
  ) {
    return 'RGB JPEG without an APP14 or JFIF marker: libjpeg-turbo assumes YCbCr and converts';
  }
  return undefined;
}

function firstFrame(dataSet: dicomParser.DataSet): Uint8Array | undefined {
  const pixelData = dataSet.elements.x7fe00010;
  if (!pixelData?.encapsulatedPixelData) return undefined;
  try {
    return new Uint8Array(
      dicomParser.readEncapsulatedImageFrame(
        dataSet,
        pixelData,
        0,
        dicomParser.createJPEGBasicOffsetTable(dataSet, pixelData),
      ),
    );
  } catch {
    return undefined;
  }
}

/** Whether a JPEG stream has an APPn marker (0xFFE0 + n) before its first scan. */
function hasMarker(jpeg: Uint8Array, marker: number): boolean {
  for (let at = 2; at + 3 < jpeg.length;) {
    if (jpeg[at] !== 0xff) return false;
    const code = jpeg[at + 1]!;
    if (code === marker) return true;
    if (code === 0xda) return false;
    at += 2 + ((jpeg[at + 2]! << 8) | jpeg[at + 3]!);
  }
  return false;
}

/** ILV of the first JPEG-LS scan (ITU-T T.87 C.2.3): the byte after NEAR in the SOS segment. */
function jpegLsInterleave(jpeg: Uint8Array): number | undefined {
  for (let at = 2; at + 3 < jpeg.length;) {
    if (jpeg[at] !== 0xff) return undefined;
    const code = jpeg[at + 1]!;
    const length = (jpeg[at + 2]! << 8) | jpeg[at + 3]!;
    if (code === 0xda) {
      const components = jpeg[at + 4]!;
      return jpeg[at + 5 + components * 2 + 1];
    }
    at += 2 + length;
  }
  return undefined;
}
