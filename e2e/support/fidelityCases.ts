import path from 'node:path';
import { corpusDir, manifest, type ManifestEntry } from '../../test/support/corpus';
import { extraCorpusEntries, type ExtraEntry } from '../../test/support/extraCorpus';

/** An image to compare with dcmtk, a Structured Report (or Key Object Selection) to read as a document, or a placeholder. */
export type Expectation = 'render' | 'document' | 'placeholder';

export interface FidelityCase {
  entry: ManifestEntry;
  file: string;
  expect: Expectation;
  /** Lossy codestreams: two decoders may round differently, so the tolerance is wider. */
  lossy: boolean;
  /** The shared-corpus file with the same bytes, whose row already covers this one. */
  sameAs?: string;
}

/** Structured Report SOP Classes, Key Object Selection among them (PS3.4 B.5: 1.2.840.10008.5.1.4.1.1.88.x). */
const DOCUMENT_CLASSES = /^1\.2\.840\.10008\.5\.1\.4\.1\.1\.88\./;

/**
 * SOP Classes a stack viewer shows as a placeholder (PS3.4 B.5), listed here independently of
 * the viewer's own list: waveforms, encapsulated documents, RT, segmentations, real world
 * value maps, parametric maps (float pixels) and whole-slide images.
 */
const PLACEHOLDER_CLASSES = [
  /^1\.2\.840\.10008\.5\.1\.4\.1\.1\.9\./,
  /^1\.2\.840\.10008\.5\.1\.4\.1\.1\.104\./,
  // RT objects other than RT Image (481.1, a projection image), and second-generation RT.
  /^1\.2\.840\.10008\.5\.1\.4\.1\.1\.481\.(?!1$)/,
  /^1\.2\.840\.10008\.5\.1\.4\.34\./,
  /^1\.2\.840\.10008\.5\.1\.4\.1\.1\.66(\.\d+)?$/,
  /^1\.2\.840\.10008\.5\.1\.4\.1\.1\.11\./,
  /^1\.2\.840\.10008\.5\.1\.4\.1\.1\.67$/,
  /^1\.2\.840\.10008\.5\.1\.4\.1\.1\.30$/,
  /^1\.2\.840\.10008\.5\.1\.4\.1\.1\.77\.1\.6$/,
];

/** Lossy codestreams: JPEG DCT processes (baseline, extended, the retired spectral and progressive), JPEG-LS near-lossless, JPEG 2000 and HTJ2K lossy. */
const LOSSY_SYNTAXES = new Set([
  '1.2.840.10008.1.2.4.50',
  '1.2.840.10008.1.2.4.51',
  '1.2.840.10008.1.2.4.53',
  '1.2.840.10008.1.2.4.55',
  '1.2.840.10008.1.2.4.81',
  '1.2.840.10008.1.2.4.91',
  '1.2.840.10008.1.2.4.203',
]);

/** What a file is by DICOM behaviour: a report, an image to compare, or something else shown as a placeholder. */
function expectationOf(entry: ManifestEntry): Expectation {
  const sopClass = entry.sopClassUID ?? '';
  // The manifest records the pixel element; where its parser stopped early (a vendor file with a
  // sequence defect) frames and rows still say there is an image.
  const pixelData = (entry as { pixelData?: ExtraEntry['pixelData'] }).pixelData;
  const hasPixels = pixelData ? pixelData.element === 'PixelData' : Boolean(entry.frames && entry.rows);
  // Native Pixel Data shorter than its rows × columns × frames is truncated: nothing to show.
  // YBR_FULL_422 keeps two samples per pixel (PS3.3 C.7.6.3.1.2), where expectedLength counts Samples per Pixel (3).
  const expectedLength =
    pixelData?.expectedLength !== undefined && entry.photometricInterpretation === 'YBR_FULL_422'
      ? (pixelData.expectedLength * 2) / 3
      : pixelData?.expectedLength;
  const truncated =
    pixelData?.encapsulated === false && expectedLength !== undefined && pixelData.valueLength < expectedLength;
  const image =
    hasPixels &&
    !truncated &&
    Boolean(entry.rows && entry.columns) &&
    Boolean(entry.photometricInterpretation) &&
    !PLACEHOLDER_CLASSES.some((pattern) => pattern.test(sopClass));
  return DOCUMENT_CLASSES.test(sopClass) ? 'document' : image ? 'render' : 'placeholder';
}

function caseOf(entry: ManifestEntry, file: string, expect: Expectation = expectationOf(entry)): FidelityCase {
  return { entry, file, expect, lossy: LOSSY_SYNTAXES.has(entry.transferSyntaxUID ?? '') };
}

/**
 * Every file under the shared corpus's syntaxes/ and kinds/, then every installed public sample
 * (`pydicom/…`) and every generated object (`generated/…`, with its generator's expectation):
 * images to compare, reports to read, everything else to show as a placeholder (or be refused).
 */
export async function fidelityCases(): Promise<FidelityCase[]> {
  const corpus = manifest.entries
    .filter((entry) => entry.type === 'file' && /^(syntaxes|kinds)\//.test(entry.path))
    .map((entry) => caseOf(entry, path.join(corpusDir, entry.path)));
  // A sample with the same bytes as a shared-corpus file is that file's row: here for syntaxes/ and
  // kinds/, in the ingest tests (expectedBehaviour) for malformed/.
  const bySha = new Map(manifest.entries.map((entry) => [(entry as { sha256?: string }).sha256, entry.path] as const));
  const extra = (await extraCorpusEntries()).map((entry) => ({
    ...caseOf(entry, entry.file, entry.expect),
    sameAs: bySha.get(entry.sha256),
  }));
  return [...corpus, ...extra];
}
