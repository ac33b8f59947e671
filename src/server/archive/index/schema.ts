import Database from 'better-sqlite3';

export type Db = Database.Database;

/** Bumped when the layout changes; an index of another version is rebuilt from the files (reindex). */
export const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS studies (
  study_uid TEXT PRIMARY KEY,
  study_date TEXT,
  study_time TEXT,
  patient_birth_date TEXT,
  patient_id TEXT,
  accession_number TEXT,
  study_id TEXT,
  patient_sex TEXT,
  patient_name TEXT,
  referring_physician_name TEXT,
  study_description TEXT,
  modalities TEXT,
  series_count INTEGER NOT NULL DEFAULT 0,
  instance_count INTEGER NOT NULL DEFAULT 0,
  dataset TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS studies_by_date ON studies (study_date DESC, study_time DESC, study_uid);
CREATE INDEX IF NOT EXISTS studies_by_patient_id ON studies (patient_id);
CREATE INDEX IF NOT EXISTS studies_by_accession_number ON studies (accession_number);

CREATE TABLE IF NOT EXISTS series (
  series_uid TEXT PRIMARY KEY,
  study_uid TEXT NOT NULL,
  modality TEXT,
  series_number INTEGER,
  series_description TEXT,
  instance_count INTEGER NOT NULL DEFAULT 0,
  dataset TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS series_by_study ON series (study_uid, series_number);

CREATE TABLE IF NOT EXISTS instances (
  sop_uid TEXT PRIMARY KEY,
  series_uid TEXT NOT NULL,
  study_uid TEXT NOT NULL,
  sop_class_uid TEXT NOT NULL,
  instance_number INTEGER,
  transfer_syntax TEXT NOT NULL,
  path TEXT NOT NULL UNIQUE,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  frames INTEGER NOT NULL,
  dataset TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS instances_by_series ON instances (series_uid, instance_number);
CREATE INDEX IF NOT EXISTS instances_by_study ON instances (study_uid);

-- A file renamed into archive/ whose row is not yet written (see store/recovery.ts).
CREATE TABLE IF NOT EXISTS pending (
  temp TEXT PRIMARY KEY,
  target TEXT NOT NULL
);
`;

/**
 * Opens (creating) the index. WAL lets QIDO-RS read while an upload writes; synchronous=FULL
 * makes each committed row survive power loss, as the fsynced files it describes do.
 */
export function openDb(file: string): Db {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    const version = db.pragma('user_version', { simple: true });
    if (version !== 0 && version !== SCHEMA_VERSION) {
      throw new Error(`${file} has index schema version ${String(version)}, this gateway expects ${SCHEMA_VERSION}: run "npm run reindex"`);
    }
    db.exec(SCHEMA);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
