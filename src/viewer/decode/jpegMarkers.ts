/** Marker segments of a JPEG or JPEG-LS codestream, read up to the first scan (ITU-T T.81 B.1, T.87 C.1). */
interface Segment {
  readonly marker: number;
  /** Offset of the segment's first byte after its length field. */
  readonly body: number;
  readonly length: number;
}

function segmentsBeforeScan(stream: Uint8Array): Segment[] {
  const segments: Segment[] = [];
  if (stream[0] !== 0xff || stream[1] !== 0xd8) return segments;
  for (let at = 2; at + 3 < stream.length;) {
    if (stream[at] !== 0xff) break;
    const marker = stream[at + 1]!;
    if (marker === 0xff) {
      at++;
      continue;
    }
    const length = (stream[at + 2]! << 8) | stream[at + 3]!;
    segments.push({ marker, body: at + 4, length });
    if (marker === 0xda) break;
    at += 2 + length;
  }
  return segments;
}

const ascii = (stream: Uint8Array, at: number, text: string) =>
  [...text].every((char, i) => stream[at + i] === char.charCodeAt(0));

/**
 * Whether a three-component JPEG says how its components are coded: an Adobe APP14 marker (its
 * transform flag) or a JFIF APP0 marker (always YCbCr). Without either, decoders guess YCbCr
 * (libjpeg-turbo does unless the component ids are 'R', 'G', 'B').
 */
export function hasColourMarker(stream: Uint8Array): boolean {
  return segmentsBeforeScan(stream).some(
    ({ marker, body }) =>
      (marker === 0xee && ascii(stream, body, 'Adobe')) || (marker === 0xe0 && ascii(stream, body, 'JFIF')),
  );
}

/** An Adobe APP14 segment with transform 0: the components are coded as they are (RGB, no colour transform). */
const ADOBE_UNTRANSFORMED = Uint8Array.from([
  0xff, 0xee, 0x00, 0x0e, 0x41, 0x64, 0x6f, 0x62, 0x65, 0x00, 0x64, 0x00, 0x00, 0x00, 0x00, 0x00,
]);

/**
 * The stream with an Adobe APP14 "transform 0" marker after SOI, for a JPEG the DICOM header
 * calls RGB that carries no colour marker: the decoder then keeps the samples instead of
 * converting them from YCbCr (PS3.5 8.2.1: the Photometric Interpretation is the stream's colour space).
 */
export function withUntransformedMarker(stream: Uint8Array): Uint8Array {
  const out = new Uint8Array(stream.length + ADOBE_UNTRANSFORMED.length);
  out.set(stream.subarray(0, 2));
  out.set(ADOBE_UNTRANSFORMED, 2);
  out.set(stream.subarray(2), 2 + ADOBE_UNTRANSFORMED.length);
  return out;
}

/** Interleave mode (ILV) of a JPEG-LS stream's first scan (T.87 C.2.3): 0 planes, 1 lines, 2 samples. */
export function jpegLsInterleave(stream: Uint8Array): number | undefined {
  const scan = segmentsBeforeScan(stream).find(({ marker }) => marker === 0xda);
  if (!scan) return undefined;
  const components = stream[scan.body]!;
  // Ns, then Ns (Ci, Tmi) pairs, then NEAR, then ILV.
  return stream[scan.body + 1 + components * 2 + 1];
}
