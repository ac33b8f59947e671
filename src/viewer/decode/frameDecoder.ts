import { hasColourMarker, jpegLsInterleave, withUntransformedMarker } from './jpegMarkers';
import { decodeJpegSequential } from '../../dicom/pixel/jpegSequential';
import { decodeRle } from '../../dicom/pixel/rle';

const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
const JPEG_BASELINE = '1.2.840.10008.1.2.4.50';
const JPEG_EXTENDED = '1.2.840.10008.1.2.4.51';
const JPEG_LS = new Set(['1.2.840.10008.1.2.4.80', '1.2.840.10008.1.2.4.81']);
const RLE = '1.2.840.10008.1.2.5';

/** The Image Pixel Module values a frame's decoding depends on. */
export interface PixelLayout {
  readonly rows: number;
  readonly columns: number;
  readonly samplesPerPixel: number;
  readonly bitsAllocated: number;
  readonly bitsStored: number;
  readonly photometricInterpretation: string;
  /** Lossy Image Compression (0028,2110) is "01". */
  readonly lossy: boolean;
}

/** A frame ready for Cornerstone's decoder. */
interface PreparedFrame {
  readonly transferSyntaxUID: string;
  readonly bytes: Uint8Array;
  /** The decoder will put out the samples plane by plane (JPEG-LS ILV 0): interleave them after decoding. */
  readonly planar: boolean;
}

/**
 * Whether a frame may need `prepareFrame` to show right. Where the metadata does not say the
 * transfer syntax (DICOMweb metadata need not), the candidates are what those streams look like:
 * RGB colour (a JPEG without a colour marker, JPEG-LS with planes), colour above 8 bits (RLE), and
 * lossy grey of 9–12 bits (12-bit JPEG).
 */
export function mayNeedPreparing(layout: PixelLayout, transferSyntaxUID: string | undefined): boolean {
  const rgb = layout.samplesPerPixel === 3 && layout.photometricInterpretation === 'RGB';
  const deepColour = layout.samplesPerPixel > 1 && layout.bitsAllocated > 8;
  const deepGrey = layout.samplesPerPixel === 1 && layout.bitsStored > 8 && layout.bitsStored <= 12;
  if (transferSyntaxUID === undefined) return rgb || deepColour || (deepGrey && layout.lossy);
  if (transferSyntaxUID === RLE) return deepColour;
  if (transferSyntaxUID === JPEG_EXTENDED) return deepGrey;
  if (transferSyntaxUID === JPEG_BASELINE) return rgb;
  return JPEG_LS.has(transferSyntaxUID) && layout.samplesPerPixel === 3;
}

const littleEndianBytes = (samples: Uint16Array) =>
  new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);

/**
 * Repairs or replaces what Cornerstone 5.14's decoders get wrong, each from the stream's own
 * properties: 12-bit JPEG (decoded here at full precision), RLE colour above 8 bits (decoded
 * here), an RGB baseline JPEG without a colour marker (marked as untransformed), JPEG-LS colour
 * coded plane by plane (flagged for interleaving). Everything else passes through unchanged.
 */
export function prepareFrame(encoded: Uint8Array, transferSyntaxUID: string, layout: PixelLayout): PreparedFrame {
  const same = { transferSyntaxUID, bytes: encoded, planar: false };
  if (!mayNeedPreparing(layout, transferSyntaxUID)) return same;
  if (transferSyntaxUID === RLE)
    return { transferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN, bytes: decodeRle(encoded, layout), planar: false };
  if (transferSyntaxUID === JPEG_EXTENDED) {
    const decoded = decodeJpegSequential(encoded);
    if (decoded.components !== 1) return same;
    return { transferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN, bytes: littleEndianBytes(decoded.samples), planar: false };
  }
  if (transferSyntaxUID === JPEG_BASELINE)
    return hasColourMarker(encoded) ? same : { ...same, bytes: withUntransformedMarker(encoded) };
  return { ...same, planar: jpegLsInterleave(encoded) === 0 };
}
