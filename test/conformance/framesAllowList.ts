import type { ManifestEntry } from '../support/corpus';
import type { Documented } from './allowList';

/** WADO-RS frame answers that differ from Orthanc's for a documented reason. */

export interface FramesContext {
  /** 'stored': Accept names transfer-syntax=*; 'default': no Accept header. */
  accept: 'stored' | 'default';
  entry: ManifestEntry | undefined;
  orthancStatus: number;
  oursStatus: number;
  /** Multipart bodies equal part by part. */
  sameBytes: boolean;
}

interface FramesRule extends Documented {
  matches(context: FramesContext): boolean;
}

/** Encapsulated transfer syntaxes: every 1.2.840.10008.1.2.4.*, RLE and Deflated Image Frame Compression. */
const isEncapsulated = (syntax: string | undefined) =>
  syntax !== undefined && /^1\.2\.840\.10008\.1\.2\.(4\.\d+|5|8\.1)$/.test(syntax);

/** What Orthanc 1.10.1 cannot serve as frames (HTTP 400/500), measured on the corpus. */
const ORTHANC_CANNOT = [
  'syntaxes/deflated__',
  'syntaxes/evrbe__',
  'syntaxes/htj2k-',
  'syntaxes/jpeg-spectral-retired__',
  'syntaxes/jpeg-progressive-retired__',
  'syntaxes/jpeg-extended__ct-fragmented-no-bot.dcm',
  'syntaxes/rle__',
  'syntaxes/deflated-image-frame__',
  'syntaxes/j2k-',
  'kinds/monochrome1/cr-mono1-j2k-lossless-1760.dcm',
  'kinds/large/vl-3340x2670-j2k-ybr-ict.dcm',
  'kinds/color/us-ybr-full-422-uncompressed.dcm',
  'kinds/color/sc-ybr-full-422-uncompressed.dcm',
  'kinds/float/',
  'malformed/dataset-trailing-padding__',
  'malformed/derived-corrupt-deflate-stream__',
];

export const FRAMES_RULES: FramesRule[] = [
  {
    id: 'frames-default-accept-encapsulated',
    endpoint: 'WADO-RS frames',
    attribute: 'Frames of compressed instances with no Accept header',
    orthanc:
      'Transcodes to Explicit VR Little Endian (500 when it has no decoder, e.g. JPEG 2000, 1-bit RLE); Deflated Image Frame Compression sent as stored',
    secondRead:
      'Sends the stored compressed frames (image/jpeg, image/jls, image/jp2, image/dicom-rle…); deflated frames and encapsulated uncompressed ones decoded to little endian',
    why: 'PS3.18 8.7.3.3: the origin server returns what it holds when it does not transcode; the viewer decodes in the browser. Compared byte for byte with transfer-syntax=* instead',
    matches: ({ accept, entry, oursStatus }) =>
      accept === 'default' && oursStatus === 200 && isEncapsulated(entry?.transferSyntaxUID),
  },
  {
    id: 'frames-orthanc-cannot-serve',
    endpoint: 'WADO-RS frames',
    attribute:
      'Frames of deflated, big endian, HTJ2K, retired JPEG, RLE, JPEG 2000 (default Accept), YBR_FULL_422 native, float pixel data, trailing-padding and corrupt-deflate files',
    orthanc: 'HTTP 400 or 500 for the cases listed in framesAllowList.ts',
    secondRead: 'HTTP 200 with the frames (native data little endian, compressed data as stored)',
    why: 'Orthanc 1.10.1 has no transcoder for these or rejects the request; not comparable, so checked by the archive’s own WADO tests',
    matches: ({ entry, orthancStatus, oursStatus }) =>
      orthancStatus >= 400 && oursStatus === 200 && ORTHANC_CANNOT.some((prefix) => entry?.path.startsWith(prefix)),
  },
  {
    id: 'frames-no-pixel-data',
    endpoint: 'WADO-RS frames',
    attribute:
      'Frames of instances without pixel data (SR, RT Structure Set, RT Plan, ECG, encapsulated PDF, character set samples)',
    orthanc: 'HTTP 500 or 400',
    secondRead: 'HTTP 404 with a JSON error',
    why: 'The resource does not exist; a 5xx would tell the client to retry',
    matches: ({ orthancStatus, oursStatus }) => orthancStatus >= 400 && oursStatus === 404,
  },
];
