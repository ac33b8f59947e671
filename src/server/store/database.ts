import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations';

export type Db = Database.Database;

export const STORE_FILE = 'secondread.sqlite';

/**
 * Opens DATA_DIR/secondread.sqlite in WAL mode (readers never wait for the writer, and several
 * gateway processes on one machine can share it) and brings the schema up to date.
 */
export function openDatabase(dataDir: string, options: { readonly?: boolean } = {}): Db {
  if (!options.readonly) mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, STORE_FILE), {
    readonly: options.readonly ?? false,
    fileMustExist: options.readonly ?? false,
  });
  // Another process holding the write lock is waited for, not reported as SQLITE_BUSY.
  db.pragma('busy_timeout = 5000');
  if (options.readonly) return db;
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
}

/** How many migrations the database has run (PRAGMA user_version). */
export const schemaVersion = (db: Db) => Number(db.pragma('user_version', { simple: true }));

function migrate(db: Db) {
  const current = schemaVersion(db);
  if (current > MIGRATIONS.length) {
    throw new Error(`${STORE_FILE} has schema version ${current}, newer than this gateway (${MIGRATIONS.length})`);
  }
  db.transaction(() => {
    for (let version = current; version < MIGRATIONS.length; version++) {
      db.exec(MIGRATIONS[version]!);
      db.pragma(`user_version = ${version + 1}`);
    }
  }).immediate();
}
