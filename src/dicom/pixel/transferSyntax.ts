/**
 * What a transfer syntax means for pixel data (PS3.5 Section 10 and Annex A) and how DICOMweb
 * names its frames (PS3.18 Table 8.7.3-5). Isomorphic: no Node or DOM APIs.
 */

/** How the frames of Pixel Data are encoded. */
export type PixelEncoding =
  /** Native (uncompressed) pixel cells, one value holding every frame back to back (PS3.5 8.1.1). */
  | 'native'
  /** Encapsulated, each frame raw in its fragments (PS3.5 A.4.11). */
  | 'encapsulatedUncompressed'
  /** Encapsulated, each frame deflated on its own (PS3.5 A.4.13). */
  | 'deflatedFrames'
  | 'jpeg'
  | 'jpegLs'
  | 'jpeg2000'
  | 'htj2k'
  | 'rle'
  | 'jpegXl'
  /** MPEG-2, H.264, H.265: one stream for all frames, which cannot be cut into frames here. */
  | 'video';

export interface TransferSyntaxInfo {
  uid: string;
  name: string;
  bigEndian: boolean;
  /** The data set after the File Meta Information is deflated (PS3.5 A.5). */
  deflatedDataSet: boolean;
  encoding: PixelEncoding;
  /** Media type of one frame in this syntax (PS3.18 Table 8.7.3-5). */
  mediaType: string;
}

const IMPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2';
export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
const DEFLATED_IMAGE_FRAME_COMPRESSION = '1.2.840.10008.1.2.8.1';
/** High-Throughput JPEG 2000 with RPCL Options (Lossless Only): what the gateway encodes frames to for remote readers. */
export const HTJ2K_LOSSLESS_RPCL = '1.2.840.10008.1.2.4.202';

const OCTET_STREAM = 'application/octet-stream';

type Row = [uid: string, name: string, encoding: PixelEncoding, mediaType: string];

const ROWS: Row[] = [
  [IMPLICIT_VR_LITTLE_ENDIAN, 'Implicit VR Little Endian', 'native', OCTET_STREAM],
  [EXPLICIT_VR_LITTLE_ENDIAN, 'Explicit VR Little Endian', 'native', OCTET_STREAM],
  ['1.2.840.10008.1.2.1.99', 'Deflated Explicit VR Little Endian', 'native', OCTET_STREAM],
  ['1.2.840.10008.1.2.2', 'Explicit VR Big Endian', 'native', OCTET_STREAM],
  [
    '1.2.840.10008.1.2.1.98',
    'Encapsulated Uncompressed Explicit VR Little Endian',
    'encapsulatedUncompressed',
    OCTET_STREAM,
  ],
  // PS3.18 names no media type for deflated frames; the transfer-syntax parameter identifies them.
  [DEFLATED_IMAGE_FRAME_COMPRESSION, 'Deflated Image Frame Compression', 'deflatedFrames', OCTET_STREAM],
  ['1.2.840.10008.1.2.4.50', 'JPEG Baseline (Process 1)', 'jpeg', 'image/jpeg'],
  ['1.2.840.10008.1.2.4.51', 'JPEG Extended (Process 2 & 4)', 'jpeg', 'image/jpeg'],
  [
    '1.2.840.10008.1.2.4.53',
    'JPEG Spectral Selection, Non-Hierarchical (Process 6 & 8) (Retired)',
    'jpeg',
    'image/jpeg',
  ],
  [
    '1.2.840.10008.1.2.4.55',
    'JPEG Full Progression, Non-Hierarchical (Process 10 & 12) (Retired)',
    'jpeg',
    'image/jpeg',
  ],
  ['1.2.840.10008.1.2.4.57', 'JPEG Lossless, Non-Hierarchical (Process 14)', 'jpeg', 'image/jpeg'],
  ['1.2.840.10008.1.2.4.70', 'JPEG Lossless, Non-Hierarchical, First-Order Prediction', 'jpeg', 'image/jpeg'],
  ['1.2.840.10008.1.2.4.80', 'JPEG-LS Lossless', 'jpegLs', 'image/jls'],
  ['1.2.840.10008.1.2.4.81', 'JPEG-LS Lossy (Near-Lossless)', 'jpegLs', 'image/jls'],
  ['1.2.840.10008.1.2.4.90', 'JPEG 2000 (Lossless Only)', 'jpeg2000', 'image/jp2'],
  ['1.2.840.10008.1.2.4.91', 'JPEG 2000', 'jpeg2000', 'image/jp2'],
  ['1.2.840.10008.1.2.4.92', 'JPEG 2000 Part 2 Multi-component (Lossless Only)', 'jpeg2000', 'image/jpx'],
  ['1.2.840.10008.1.2.4.93', 'JPEG 2000 Part 2 Multi-component', 'jpeg2000', 'image/jpx'],
  ['1.2.840.10008.1.2.4.201', 'High-Throughput JPEG 2000 (Lossless Only)', 'htj2k', 'image/jphc'],
  [HTJ2K_LOSSLESS_RPCL, 'High-Throughput JPEG 2000 with RPCL Options (Lossless Only)', 'htj2k', 'image/jphc'],
  ['1.2.840.10008.1.2.4.203', 'High-Throughput JPEG 2000', 'htj2k', 'image/jphc'],
  ['1.2.840.10008.1.2.4.110', 'JPEG XL Lossless', 'jpegXl', 'image/jxl'],
  ['1.2.840.10008.1.2.4.111', 'JPEG XL JPEG Recompression', 'jpegXl', 'image/jxl'],
  ['1.2.840.10008.1.2.4.112', 'JPEG XL', 'jpegXl', 'image/jxl'],
  ['1.2.840.10008.1.2.5', 'RLE Lossless', 'rle', 'image/dicom-rle'],
  ['1.2.840.10008.1.2.4.100', 'MPEG2 Main Profile / Main Level', 'video', 'video/mpeg2'],
  ['1.2.840.10008.1.2.4.100.1', 'Fragmentable MPEG2 Main Profile / Main Level', 'video', 'video/mpeg2'],
  ['1.2.840.10008.1.2.4.101', 'MPEG2 Main Profile / High Level', 'video', 'video/mpeg2'],
  ['1.2.840.10008.1.2.4.101.1', 'Fragmentable MPEG2 Main Profile / High Level', 'video', 'video/mpeg2'],
  ['1.2.840.10008.1.2.4.102', 'MPEG-4 AVC/H.264 High Profile / Level 4.1', 'video', 'video/mp4'],
  ['1.2.840.10008.1.2.4.102.1', 'Fragmentable MPEG-4 AVC/H.264 High Profile / Level 4.1', 'video', 'video/mp4'],
  ['1.2.840.10008.1.2.4.103', 'MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1', 'video', 'video/mp4'],
  [
    '1.2.840.10008.1.2.4.103.1',
    'Fragmentable MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1',
    'video',
    'video/mp4',
  ],
  ['1.2.840.10008.1.2.4.104', 'MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video', 'video', 'video/mp4'],
  [
    '1.2.840.10008.1.2.4.104.1',
    'Fragmentable MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video',
    'video',
    'video/mp4',
  ],
  ['1.2.840.10008.1.2.4.105', 'MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video', 'video', 'video/mp4'],
  [
    '1.2.840.10008.1.2.4.105.1',
    'Fragmentable MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video',
    'video',
    'video/mp4',
  ],
  ['1.2.840.10008.1.2.4.106', 'MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2', 'video', 'video/mp4'],
  ['1.2.840.10008.1.2.4.106.1', 'Fragmentable MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2', 'video', 'video/mp4'],
  ['1.2.840.10008.1.2.4.107', 'HEVC/H.265 Main Profile / Level 5.1', 'video', 'video/H265'],
  ['1.2.840.10008.1.2.4.108', 'HEVC/H.265 Main 10 Profile / Level 5.1', 'video', 'video/H265'],
];

const TABLE = new Map<string, TransferSyntaxInfo>(
  ROWS.map(([uid, name, encoding, mediaType]) => [
    uid,
    {
      uid,
      name,
      encoding,
      mediaType,
      bigEndian: uid === '1.2.840.10008.1.2.2',
      deflatedDataSet: uid === '1.2.840.10008.1.2.1.99',
    },
  ]),
);

/** What the syntax means for pixel data; undefined for syntaxes this server does not know. */
export function transferSyntaxInfo(uid: string): TransferSyntaxInfo | undefined {
  return TABLE.get(uid);
}

/** True when each frame sits in its own fragments, so one frame can be cut out as stored. */
export function isEncapsulated(encoding: PixelEncoding): boolean {
  return encoding !== 'native';
}
