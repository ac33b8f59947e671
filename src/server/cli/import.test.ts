import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusDir } from '../../../test/support/corpus';
import { checkConsistency } from '../../../test/support/archive/consistency';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..', '..', '..');
let work: string;
let dataDir: string;
let input: string;

/** Runs a CLI the way `npm run` does, on its own DATA_DIR. */
async function cli(script: 'import' | 'reindex', ...args: string[]) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', `src/server/cli/${script}.ts`, ...args],
      {
        cwd: root,
        env: { ...process.env, DATA_DIR: dataDir },
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'secondread-cli-'));
  dataDir = path.join(work, 'data');
  input = path.join(work, 'input');
  mkdirSync(path.join(input, 'nested', 'deeper'), { recursive: true });
  copyFileSync(path.join(corpusDir, 'kinds/charset/chrFren.dcm'), path.join(input, 'a.dcm'));
  copyFileSync(
    path.join(corpusDir, 'malformed/no-preamble-no-meta__explicit-le.dcm'),
    path.join(input, 'nested', 'IM0001'),
  );
  copyFileSync(
    path.join(corpusDir, 'malformed/derived-truncated-in-pixel-data__ct.dcm'),
    path.join(input, 'nested', 'deeper', 'broken.dcm'),
  );
  writeFileSync(path.join(input, 'nested', 'notes.txt'), 'not an image');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm run import', () => {
  it('stores DICOM files found recursively, skips the rest with a reason, and sums up', async () => {
    const { code, stdout } = await cli('import', input);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toContain(`stored    ${path.join(input, 'a.dcm')}`);
    expect(lines).toContain(`stored    ${path.join(input, 'nested', 'IM0001')}`);
    expect(lines).toContainEqual(
      expect.stringMatching(/^skipped {3}.*broken\.dcm: Truncated: the file ends inside element \(7FE0,0010\)/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^skipped {3}.*notes\.txt: Not a DICOM file/));
    expect(lines.at(-1)).toBe(`4 files: 2 stored, 0 replaced, 0 already stored, 2 skipped (archive: ${dataDir})`);
    expect(checkConsistency(dataDir)).toMatchObject({
      rows: 2,
      rowsWithoutFile: [],
      filesWithoutRow: [],
      tempFiles: [],
    });
  });

  it('reports files already stored, and fails only when nothing could be read', async () => {
    expect((await cli('import', path.join(input, 'a.dcm'))).stdout).toMatch(/^duplicate /);
    const nothing = await cli('import', path.join(input, 'nested', 'deeper'));
    expect(nothing.code).toBe(1);
    expect(nothing.stdout).toMatch(/0 stored, 0 replaced, 0 already stored, 1 skipped/);
    expect((await cli('import')).code).toBe(2);
  });
});

describe('npm run reindex', () => {
  it('rebuilds the index from the files and lists what it cannot read', async () => {
    writeFileSync(path.join(dataDir, 'archive', 'stray.bin'), 'junk');
    rmSync(path.join(dataDir, 'archive.sqlite'));
    const { code, stdout } = await cli('reindex');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^unreadable stray\.bin: Not a DICOM file/m);
    expect(stdout).toMatch(/Indexed 2 instances in 2 series of 2 studies from 3 files/);
    expect(checkConsistency(dataDir)).toMatchObject({ rows: 2, filesWithoutRow: ['stray.bin'] });
  });
});
