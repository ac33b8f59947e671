import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { InflatedRenditions } from './deflated/renditions';
import { ArchiveIndex, type IndexRecord } from './index/archiveIndex';
import { openDb, type Db } from './index/schema';
import { recordFromFile } from './ingest/fileRecord';
import type { FileStore } from './store/fileStore';

export interface ReindexReport {
  instances: number;
  series: number;
  studies: number;
  /** Files under archive/ that could not be indexed, with the reason. */
  unreadable: { path: string; reason: string }[];
  tempFilesRemoved: number;
}

const BATCH = 200;

/**
 * Rebuilds the index from the files (archive.sqlite is derived data, docs/design.md "Persistence"): a new
 * database is filled beside the live one, then copied over it in one transaction, so searches see
 * the old index or the new one, never a mix (the trigram index follows study_terms through its
 * triggers). Callers keep ingestion out meanwhile.
 */
export async function rebuildIndex(
  files: FileStore,
  db: Db,
  renditions: InflatedRenditions,
  onFile?: (relativePath: string) => void,
): Promise<ReindexReport> {
  const rebuildFile = path.join(files.dataDir, 'archive.rebuild.sqlite');
  await removeDatabase(rebuildFile);
  const { db: fresh } = openDb(rebuildFile);
  const unreadable: ReindexReport['unreadable'] = [];
  try {
    fresh.pragma('synchronous = OFF');
    const index = new ArchiveIndex(fresh, files.archiveDir);
    let batch: IndexRecord[] = [];
    const flush = fresh.transaction((records: IndexRecord[]) => records.forEach((record) => index.write(record)));
    for await (const relativePath of files.files()) {
      onFile?.(relativePath);
      const record = await recordFromFile(files, relativePath, renditions).catch((error: unknown) => ({
        reason: String(error),
      }));
      if (!('dataset' in record)) {
        unreadable.push({ path: relativePath, reason: record.reason });
        continue;
      }
      const earlier =
        batch.find((r) => r.sopInstanceUID === record.sopInstanceUID) ?? index.lookup(record.sopInstanceUID);
      if (earlier !== undefined) {
        unreadable.push({ path: relativePath, reason: `Same SOP Instance UID as ${earlier.relativePath}` });
        continue;
      }
      batch.push(record);
      if (batch.length >= BATCH) {
        flush(batch);
        batch = [];
      }
    }
    flush(batch);
  } finally {
    fresh.close();
  }
  replaceContents(db, rebuildFile);
  await removeDatabase(rebuildFile);
  const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return {
    instances: count('instances'),
    series: count('series'),
    studies: count('studies'),
    unreadable,
    tempFilesRemoved: await files.clearTemp(),
  };
}

function replaceContents(db: Db, rebuildFile: string): void {
  db.prepare('ATTACH DATABASE ? AS fresh').run(rebuildFile);
  try {
    db.transaction(() => {
      for (const table of ['instances', 'series', 'studies', 'study_terms']) {
        db.exec(`DELETE FROM main.${table}; INSERT INTO main.${table} SELECT * FROM fresh.${table};`);
      }
      db.exec('DELETE FROM main.pending');
    })();
  } finally {
    db.exec('DETACH DATABASE fresh');
  }
}

async function removeDatabase(file: string): Promise<void> {
  await Promise.all(['', '-wal', '-shm'].map((suffix) => rm(file + suffix, { force: true })));
}
