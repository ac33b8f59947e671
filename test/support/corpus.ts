import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isImageSopClass } from '../../src/server/archive/ingest/pixelCheck';

/** The shared test corpus (read-only), from DICOM_CORPUS or ../shared/dicom beside the repo. */
export const corpusDir = path.resolve(
  process.env.DICOM_CORPUS ?? path.join(import.meta.dirname, '..', '..', '..', 'shared', 'dicom'),
);

export interface ManifestFile {
  file: string;
  sopInstanceUID?: string;
  instanceNumber?: number;
}

export interface ManifestEntry {
  type: 'file' | 'series';
  path: string;
  category: string;
  name?: string;
  tags?: string[];
  modality?: string;
  transferSyntaxUID?: string;
  sopClassUID?: string;
  studyInstanceUID?: string;
  seriesInstanceUID?: string;
  sopInstanceUID?: string;
  rows?: number;
  columns?: number;
  frames?: number;
  photometricInterpretation?: string;
  storeLoadable?: boolean;
  malformed?: string;
  expectedBehaviour?: string;
  files?: ManifestFile[];
  numberOfSlices?: number;
}

export const manifest = JSON.parse(readFileSync(path.join(corpusDir, 'MANIFEST.json'), 'utf8')) as {
  entries: ManifestEntry[];
};

/** Absolute paths of every file of an entry (one for a file, all slices for a series). */
export function entryFiles(entry: ManifestEntry): string[] {
  if (entry.type === 'series') return (entry.files ?? []).map((f) => path.join(corpusDir, entry.path, f.file));
  return [path.join(corpusDir, entry.path)];
}

/**
 * An image object without Pixel Data: MANIFEST marks a few loadable (the standard's character set
 * samples of CR images that carry no image), which the archive refuses (ingest/pixelCheck.ts).
 */
function imageWithoutPixels(entry: ManifestEntry): boolean {
  const element = (entry as { pixelData?: { element?: string } }).pixelData?.element;
  return entry.type === 'file' && isImageSopClass(entry.sopClassUID) && !/PixelData$/.test(element ?? '');
}

/** The conflict-free subset meant for bulk loading into a DICOM store, less what an archive must refuse. */
export function storeLoadableEntries(): ManifestEntry[] {
  return manifest.entries.filter((e) => e.storeLoadable && !imageWithoutPixels(e));
}

export function storeLoadableFiles(): string[] {
  return storeLoadableEntries().flatMap(entryFiles);
}
