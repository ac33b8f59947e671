import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DicomJsonDataset } from '../../dicom/json';
import type { SearchRequest } from '../dicomweb/request';
import { openArchive, type Archive } from './archive';
import { silentLogger } from './logger';
import { textInstance } from '../../../test/support/archive/textInstance';

/** The search indexes (study_terms, its trigrams, the sort key) are derived data: reindex and an older index's first open rebuild them. */
const STUDY = '1.2.826.0.1.3680043.10.99.162';
let dataDir: string;
let archive: Archive | undefined;

beforeEach(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'secondread-rebuild-'));
});
afterEach(async () => {
  await archive?.close();
  archive = undefined;
  rmSync(dataDir, { recursive: true, force: true });
});

async function openWithStudy(): Promise<Archive> {
  archive = await openArchive({ dataDir, logger: silentLogger });
  const outcome = await archive.ingest(
    new Uint8Array(
      textInstance(
        { study: STUDY, series: `${STUDY}.1`, instance: `${STUDY}.1.1` },
        {
          '00100010': { vr: 'PN', Value: [{ Alphabetic: 'Lefèvre^Zoé' }] },
          '00081030': { vr: 'LO', Value: ['CT THORAX LOW DOSE'] },
          '00080020': { vr: 'DA', Value: ['20240301'] },
          '00080060': { vr: 'CS', Value: ['SR'] },
        },
      ),
    ),
  );
  if (!outcome.ok) throw new Error(outcome.reason);
  return archive;
}

const found = async (a: Archive, query: string) => {
  const filters = [...new URLSearchParams(query)].map(([key, value]) => ({ path: [key], value }));
  const request: SearchRequest = {
    kind: 'search',
    level: 'studies',
    filters,
    includefield: [],
    offset: 0,
    fuzzymatching: false,
  };
  const result = await a.search(request, {
    accept: undefined,
    publicBase: 'http://localhost/dicomweb',
    signal: new AbortController().signal,
  });
  return result.datasets.map((d: DicomJsonDataset) => d['0020000D']?.Value?.[0]);
};
const KEYS = [
  '00100010=lefèvre*',
  '00100010=*ZOÉ',
  '00081030=*LOW DOSE*',
  '00081030=CT THORAX LOW DOSE',
  '00080061=SR',
];
const sql = (statement: string) => {
  const db = new Database(path.join(dataDir, 'archive.sqlite'));
  try {
    db.exec(statement);
  } finally {
    db.close();
  }
};

describe('rebuilding the search indexes', () => {
  it('reindex rebuilds the terms, their trigrams and the sort keys', async () => {
    const a = await openWithStudy();
    for (const key of KEYS) expect(await found(a, key), key).toEqual([STUDY]);
    await a.close();
    sql("DELETE FROM study_terms; UPDATE studies SET sort_key = ''");
    archive = await openArchive({ dataDir, logger: silentLogger });
    expect(await found(archive, KEYS[0]!)).toEqual([]);
    await archive.reindex();
    for (const key of KEYS) expect(await found(archive, key), key).toEqual([STUDY]);
    const db = new Database(path.join(dataDir, 'archive.sqlite'), { readonly: true });
    try {
      expect(db.prepare('SELECT sort_key FROM studies').pluck().get()).toBe('20240301             ');
      expect(db.prepare("SELECT count(*) FROM study_terms_trigrams WHERE term GLOB '*LOW DOSE*'").pluck().get()).toBe(
        1,
      );
    } finally {
      db.close();
    }
  });

  it('rebuilds an index of the previous layout from the files when the gateway opens it', async () => {
    await (await openWithStudy()).close();
    sql('DROP TABLE study_terms; DROP TABLE study_terms_trigrams; PRAGMA user_version = 1');
    archive = await openArchive({ dataDir, logger: silentLogger });
    for (const key of KEYS) expect(await found(archive, key), key).toEqual([STUDY]);
    expect(archive.instanceCount()).toBe(1);
  });
});
