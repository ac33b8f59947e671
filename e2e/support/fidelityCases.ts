import path from 'node:path';
import { corpusDir, manifest, type ManifestEntry } from '../../test/support/corpus';

/** An image to compare with dcmtk, a Structured Report (or Key Object Selection) to read as a document, or a placeholder. */
export type Expectation = 'render' | 'document' | 'placeholder';

export interface FidelityCase {
  entry: ManifestEntry;
  file: string;
  expect: Expectation;
  /** Lossy codestreams: two decoders may round differently, so the tolerance is wider. */
  lossy: boolean;
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
  /^1\.2\.840\.10008\.5\.1\.4\.1\.1\.481\./,
  /^1\.2\.840\.10008\.5\.1\.4\.1\.1\.66\.[47]$/,
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

/** Every file under syntaxes/ and kinds/: images to compare, reports to read, everything else to show as a placeholder. */
export function fidelityCases(): FidelityCase[] {
  return manifest.entries
    .filter((entry) => entry.type === 'file' && /^(syntaxes|kinds)\//.test(entry.path))
    .map((entry) => {
      const sopClass = entry.sopClassUID ?? '';
      // The manifest records the pixel element; where its parser stopped early (a vendor file with a
      // sequence defect) frames and rows still say there is an image.
      const pixelData = (entry as { pixelData?: { element?: string } }).pixelData;
      const hasPixels = pixelData ? pixelData.element === 'PixelData' : Boolean(entry.frames && entry.rows);
      const image =
        hasPixels &&
        Boolean(entry.photometricInterpretation) &&
        !PLACEHOLDER_CLASSES.some((pattern) => pattern.test(sopClass));
      return {
        entry,
        file: path.join(corpusDir, entry.path),
        expect: DOCUMENT_CLASSES.test(sopClass) ? 'document' : image ? 'render' : 'placeholder',
        lossy: LOSSY_SYNTAXES.has(entry.transferSyntaxUID ?? ''),
      } satisfies FidelityCase;
    });
}
