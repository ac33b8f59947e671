import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isImageSopClass, pixelProblem } from '../../src/server/archive/ingest/pixelCheck';
import { readFileMeta } from '../../src/server/archive/wado/dicomParser';

const IMPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2';

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
 * samples of CR images that carry no image), which the archive refuses. Decided by the archive's
 * own check on the file: MANIFEST's pixelData record is missing where its parser stopped early.
 */
function imageWithoutPixels(entry: ManifestEntry): boolean {
  if (entry.type !== 'file' || !isImageSopClass(entry.sopClassUID)) return false;
  const bytes = new Uint8Array(readFileSync(path.join(corpusDir, entry.path)));
  const syntax = readFileMeta(bytes)?.transferSyntaxUID ?? IMPLICIT_VR_LITTLE_ENDIAN;
  return pixelProblem(bytes, syntax, entry.sopClassUID!)?.code === 'NO_PIXEL_DATA';
}

/** The conflict-free subset meant for bulk loading into a DICOM store, less what an archive must refuse. */
export function storeLoadableEntries(): ManifestEntry[] {
  return manifest.entries.filter((e) => e.storeLoadable && !imageWithoutPixels(e));
}

export function storeLoadableFiles(): string[] {
  return storeLoadableEntries().flatMap(entryFiles);
}
