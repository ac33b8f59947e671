import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import dicomParser from 'dicom-parser';
import { runCli } from '../test/support/runCli';
import { entryFiles, manifest, type ManifestEntry } from '../test/support/corpus';

export interface BenchStudy {
  key: 'ct140' | 'mr128' | 'xa96' | 'ct500';
  label: string;
  studyInstanceUID: string;
  seriesInstanceUID: string;
  /** Images a reader scrolls through: slices, or frames of the multi-frame cine. */
  images: number;
  files: string[];
}

const DEMO_CT_SLICES = 500;

function corpusEntry(entryPath: string): ManifestEntry {
  const entry = manifest.entries.find((candidate) => candidate.path === entryPath);
  if (!entry?.studyInstanceUID || !entry.seriesInstanceUID)
    throw new Error(`The corpus has no usable entry ${entryPath}`);
  return entry;
}

function fromCorpus(key: BenchStudy['key'], label: string, entryPath: string): BenchStudy {
  const entry = corpusEntry(entryPath);
  const files = entryFiles(entry);
  const images = entry.type === 'series' ? files.length : (entry.frames ?? 1);
  return {
    key,
    label,
    studyInstanceUID: entry.studyInstanceUID!,
    seriesInstanceUID: entry.seriesInstanceUID!,
    images,
    files,
  };
}

/**
 * The generated 512×512 CT, written once into bench/.cache by `npm run demo` (deterministic UIDs
 * and pixels, so a cached copy is the same study a fresh one would be).
 */
async function demoCt(cacheDir: string): Promise<BenchStudy> {
  const outDir = path.join(cacheDir, `demo-ct-${DEMO_CT_SLICES}`);
  const seriesDir = path.join(outDir, 'ct-phantom');
  if (!existsSync(path.join(seriesDir, `${String(DEMO_CT_SLICES).padStart(4, '0')}.dcm`))) {
    await runCli(
      'bench-demo',
      'src/server/cli/demo.ts',
      [outDir, '--ct-slices', String(DEMO_CT_SLICES), '--ct-matrix', '512', '--studies', 'ct-phantom'],
      {},
    );
  }
  const files = (await readdir(seriesDir))
    .filter((name) => name.endsWith('.dcm'))
    .sort()
    .map((name) => path.join(seriesDir, name));
  const dataSet = dicomParser.parseDicom(new Uint8Array(await readFile(files[0]!)), { untilTag: 'x7fe00010' });
  const studyInstanceUID = dataSet.string('x0020000d');
  const seriesInstanceUID = dataSet.string('x0020000e');
  if (!studyInstanceUID || !seriesInstanceUID) throw new Error(`${files[0]} has no study or series UID`);
  return {
    key: 'ct500',
    label: `CT ${DEMO_CT_SLICES}×512² (generated)`,
    studyInstanceUID,
    seriesInstanceUID,
    images: files.length,
    files,
  };
}

const STUDY_KEYS: readonly BenchStudy['key'][] = ['ct140', 'mr128', 'xa96', 'ct500'];

/**
 * The benchmark studies named by `only` (all by default). The 140-slice CT is always loaded: the
 * gateway throughput test reads its frames.
 */
export async function benchStudies(cacheDir: string, only: readonly string[]): Promise<BenchStudy[]> {
  const unknown = only.filter((key) => !(STUDY_KEYS as readonly string[]).includes(key));
  if (unknown.length > 0) throw new Error(`Unknown studies ${unknown.join(', ')} (known: ${STUDY_KEYS.join(', ')})`);
  const wanted = (key: BenchStudy['key']) => only.length === 0 || only.includes(key);
  const studies = [fromCorpus('ct140', 'CT 140×512² (corpus)', 'series/ct-philips-head-phantom-1mm/')];
  if (wanted('mr128'))
    studies.push(fromCorpus('mr128', 'MR 128×384×274 (corpus)', 'series/mr-studyforrest-t1w-brain-slab/'));
  if (wanted('xa96'))
    studies.push(fromCorpus('xa96', 'XA cine 96 frames JPEG (corpus)', 'kinds/multiframe/xa-cine-96frames-jpeg.dcm'));
  if (wanted('ct500')) studies.push(await demoCt(cacheDir));
  return studies;
}
