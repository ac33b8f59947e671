import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describeFile, type ExtraEntry } from './describeDicomFile';
import { writeGeneratedCorpus } from './generated';

export type { ExtraEntry } from './describeDicomFile';

/** Debian's python3-pydicom test files, or the folder DICOM_PUBLIC_SAMPLES names. Never copied into the repo. */
const publicSamplesDir = path.resolve(
  process.env.DICOM_PUBLIC_SAMPLES ?? '/usr/lib/python3/dist-packages/pydicom/data/test_files',
);

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/**
 * Every file of the installed public samples (paths `pydicom/…`), then the generated objects
 * written to a fresh temporary folder (paths `generated/…`). A missing samples folder is an
 * error, never a silent skip.
 */
export async function extraCorpusEntries(): Promise<ExtraEntry[]> {
  if (!existsSync(publicSamplesDir)) {
    throw new Error(
      `Public DICOM samples not found at ${publicSamplesDir}: install python3-pydicom (apt-get install python3-pydicom) or set DICOM_PUBLIC_SAMPLES`,
    );
  }
  const samples = await Promise.all(
    (await filesUnder(publicSamplesDir)).map(async (file) =>
      describeFile(
        file,
        `pydicom/${path.relative(publicSamplesDir, file).split(path.sep).join('/')}`,
        new Uint8Array(await readFile(file)),
        'public-sample',
      ),
    ),
  );
  const generated = await writeGeneratedCorpus(await mkdtemp(path.join(tmpdir(), 'generated-corpus-')));
  return [...samples, ...generated];
}
