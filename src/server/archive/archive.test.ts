import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { corpusDir, entryFiles, manifest } from '../../../test/support/corpus';
import { part10ToJson } from '../../dicom/part10Json';
import { openArchive, type Archive } from './archive';
import { silentLogger } from './logger';
import { checkConsistency } from '../../../test/support/archive/consistency';

const corpus = (relative: string) => path.join(corpusDir, relative);
const bytesOf = (relative: string) => new Uint8Array(readFileSync(corpus(relative)));
const FRENCH = {
  study: '1.3.6.1.4.1.5962.1.2.0.1175775772.5720.0',
  series: '1.3.6.1.4.1.5962.1.3.0.1.1175775772.5720.0',
  sop: '1.3.6.1.4.1.5962.1.1.0.1.1.1175775772.5720.0',
};

let dataDir: string;
let archive: Archive | undefined;
beforeEach(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'secondread-archive-'));
});
afterEach(async () => {
  await archive?.close();
  archive = undefined;
  rmSync(dataDir, { recursive: true, force: true });
});

const open = async () => (archive = await openArchive({ dataDir, logger: silentLogger }));
const consistent = () =>
  expect(checkConsistency(dataDir)).toMatchObject({
    rowsWithoutFile: [],
    filesWithoutRow: [],
    tempFiles: [],
    pending: 0,
  });

describe('storing', () => {
  it('keeps each file as received under archive/<Study>/<Series>/<SOP>.dcm', async () => {
    const a = await open();
    const outcome = await a.ingest(bytesOf('kinds/charset/chrFren.dcm'));
    expect(outcome).toEqual({
      ok: true,
      studyInstanceUID: FRENCH.study,
      seriesInstanceUID: FRENCH.series,
      sopInstanceUID: FRENCH.sop,
      sopClassUID: '1.2.840.10008.5.1.4.1.1.7',
      duplicate: false,
      replaced: false,
      warnings: [],
    });
    const stored = path.join(dataDir, 'archive', FRENCH.study, FRENCH.series, `${FRENCH.sop}.dcm`);
    expect(Buffer.compare(readFileSync(stored), readFileSync(corpus('kinds/charset/chrFren.dcm')))).toBe(0);
    expect(existsSync(path.join(dataDir, 'archive.sqlite'))).toBe(true);
    expect(a.instanceCount()).toBe(1);
    consistent();
  });

  it('gives a data set that came without File Meta a Part 10 header and keeps its bytes', async () => {
    const a = await open();
    const received = bytesOf('malformed/no-preamble-no-meta__explicit-be.dcm');
    const outcome = await a.ingest(received);
    expect(outcome.ok).toBe(true);
    const [stored] = a.index.find(outcome.ok ? outcome.studyInstanceUID : '');
    expect(stored?.transferSyntaxUID).toBe('1.2.840.10008.1.2.2');
    const file = new Uint8Array(readFileSync(stored!.path));
    const reparsed = part10ToJson(file);
    expect(reparsed.transferSyntaxUID).toBe('1.2.840.10008.1.2.2');
    expect(reparsed.fileMeta?.['00020003']?.Value).toEqual([stored?.sopInstanceUID]);
    expect(Buffer.compare(Buffer.from(file.subarray(reparsed.datasetOffset)), Buffer.from(received))).toBe(0);
    expect(await a.ingest(received)).toMatchObject({ ok: true, duplicate: true });
  });

  it('writes a duplicate again when its file went missing', async () => {
    const a = await open();
    await a.ingest(bytesOf('kinds/charset/chrFren.dcm'));
    rmSync(path.join(dataDir, 'archive', FRENCH.study, FRENCH.series, `${FRENCH.sop}.dcm`));
    expect(await a.ingest(bytesOf('kinds/charset/chrFren.dcm'))).toMatchObject({
      ok: true,
      duplicate: false,
      replaced: true,
    });
    consistent();
  });

  it('says why instead of throwing, for any bytes', async () => {
    const a = await open();
    expect(await a.ingest(new Uint8Array([1, 2, 3]))).toMatchObject({ ok: false, code: 'NOT_DICOM' });
    expect(await a.ingest(new Uint8Array(4096))).toMatchObject({ ok: false });
    expect(a.instanceCount()).toBe(0);
    consistent();
  });

  it('keeps file and row together when the same SOP Instance arrives several times at once', async () => {
    const a = await open();
    const versions = [
      'syntaxes/evrle__ct-cs3d.dcm',
      'syntaxes/ivrle__ct-cs3d.dcm',
      'syntaxes/rle__ct-cs3d.dcm',
      'syntaxes/j2k-lossless__ct-cs3d.dcm',
    ];
    const outcomes = await Promise.all([...versions, ...versions].map((v) => a.ingest(bytesOf(v))));
    expect(outcomes.every((o) => o.ok)).toBe(true);
    const rows = a.index.find('1.2.840.113619.2.30.1.1762295590.1623.978668949.886');
    expect(rows).toHaveLength(1);
    const onDisk = part10ToJson(new Uint8Array(readFileSync(rows[0]!.path)));
    expect(onDisk.transferSyntaxUID).toBe(rows[0]?.transferSyntaxUID);
    consistent();
  });
});

describe('the instance index for WADO-RS', () => {
  it('finds a study by series then InstanceNumber, and gives metadata without File Meta', async () => {
    const a = await open();
    const liver = manifest.entries.find((e) => e.path === 'series/ct-liver-3slice-with-seg/')!;
    const files = [...entryFiles(liver), corpus('series/ct-liver-3slice-with-seg/seg-liver.dcm')].reverse();
    for (const file of files) await a.ingest(new Uint8Array(readFileSync(file)));
    const found = a.index.find(liver.studyInstanceUID!);
    expect(found).toHaveLength(files.length);
    const ct = found.filter((i) => i.seriesInstanceUID === liver.seriesInstanceUID);
    expect(ct.map((i) => i.instanceNumber)).toEqual(
      [...ct.map((i) => i.instanceNumber)].sort((x, y) => (x ?? 0) - (y ?? 0)),
    );
    expect(found[0]?.path.startsWith(path.join(dataDir, 'archive'))).toBe(true);
    expect(a.index.find(liver.studyInstanceUID!, ct[0]?.seriesInstanceUID, ct[0]?.sopInstanceUID)).toEqual([ct[0]]);
    const metadata = a.index.metadata(ct[0]!.sopInstanceUID);
    expect(metadata?.['00080018']?.Value).toEqual([ct[0]?.sopInstanceUID]);
    expect(metadata?.['7FE00010']).toEqual({ vr: 'OW', BulkDataURI: 'bulk/7FE00010' });
    expect(Object.keys(metadata ?? {}).some((tag) => tag.startsWith('0002'))).toBe(false);
    expect(a.index.find('1.2.3.4')).toEqual([]);
    expect(a.index.metadata('1.2.3.4')).toBeUndefined();
  });
});

describe('reindex', () => {
  const load = async (a: Archive) => {
    for (const f of [
      'kinds/charset/chrFren.dcm',
      'kinds/charset/chrGerm.dcm',
      'syntaxes/evrle__ct-cs3d.dcm',
      'kinds/sr/sr-basic-text.dcm',
    ]) {
      expect((await a.ingest(bytesOf(f))).ok).toBe(true);
    }
  };

  it('rebuilds the same index from the files, and lists files it cannot read', async () => {
    const a = await open();
    await load(a);
    const before = a.index.find(FRENCH.study);
    writeFileSync(path.join(dataDir, 'archive', 'notes.txt'), 'not DICOM');
    const report = await a.reindex();
    expect(report).toMatchObject({
      instances: 4,
      unreadable: [{ path: 'notes.txt', reason: expect.stringMatching(/Not a DICOM file/) }],
    });
    expect(report.studies).toBeGreaterThanOrEqual(3);
    expect(a.index.find(FRENCH.study)).toEqual(before);
    expect(a.index.metadata(FRENCH.sop)?.['00100010']?.Value).toEqual([{ Alphabetic: 'Buc^Jérôme' }]);
  });

  it('restores a lost index, including files copied into archive/ by hand', async () => {
    const a = await open();
    await load(a);
    await a.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(path.join(dataDir, `archive.sqlite${suffix}`), { force: true });
    const foreign = path.join(dataDir, 'archive', 'by-hand', 'copy.dcm');
    mkdirSync(path.dirname(foreign), { recursive: true });
    copyFileSync(corpus('kinds/charset/chrRuss.dcm'), foreign);
    const b = await open();
    expect(b.instanceCount()).toBe(0);
    const report = await b.reindex();
    expect(report).toMatchObject({ instances: 5, unreadable: [] });
    consistent();
  });
});

describe('recovery at open', () => {
  function markPending(temp: string, target: string) {
    const db = new Database(path.join(dataDir, 'archive.sqlite'));
    db.prepare('INSERT INTO pending (temp, target) VALUES (?, ?)').run(temp, target);
    db.close();
  }

  it('removes temp files left by uploads in flight', async () => {
    await (await open()).close();
    writeFileSync(path.join(dataDir, 'tmp', 'upload-1.part'), 'half an upload');
    await open();
    expect(readdirSync(path.join(dataDir, 'tmp'))).toEqual([]);
  });

  it('drops a store that stopped before its rename: the archive keeps its old state', async () => {
    await (await open()).close();
    writeFileSync(path.join(dataDir, 'tmp', 'x.part'), readFileSync(corpus('kinds/charset/chrFren.dcm')));
    markPending('tmp/x.part', `archive/${FRENCH.study}/${FRENCH.series}/${FRENCH.sop}.dcm`);
    const a = await open();
    expect(a.instanceCount()).toBe(0);
    consistent();
  });

  it('indexes a file renamed into archive/ whose row was not written yet', async () => {
    await (await open()).close();
    const target = path.join(dataDir, 'archive', FRENCH.study, FRENCH.series, `${FRENCH.sop}.dcm`);
    mkdirSync(path.dirname(target), { recursive: true });
    copyFileSync(corpus('kinds/charset/chrFren.dcm'), target);
    markPending('tmp/gone.part', `archive/${FRENCH.study}/${FRENCH.series}/${FRENCH.sop}.dcm`);
    const a = await open();
    expect(a.instanceCount()).toBe(1);
    expect(a.index.metadata(FRENCH.sop)?.['0020000D']?.Value).toEqual([FRENCH.study]);
    consistent();
  });

  it('says when the index belongs to another schema version', async () => {
    await (await open()).close();
    const db = new Database(path.join(dataDir, 'archive.sqlite'));
    db.pragma('user_version = 99');
    db.close();
    await expect(open()).rejects.toThrow(/schema version 99.*npm run reindex/);
  });
});
