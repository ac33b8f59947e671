import Database from 'better-sqlite3';

export type Db = Database.Database;

/** Bumped when the layout changes; an older index is rebuilt from the files when the archive opens (archive.ts), a newer one refused. */
// 3: instances.warnings (what an instance was stored despite), derived from the file like every column.
const SCHEMA_VERSION = 3;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS studies (
  study_uid TEXT PRIMARY KEY,
  study_date TEXT,
  study_time TEXT,
  patient_birth_date TEXT,
  study_id TEXT,
  patient_sex TEXT,
  modalities TEXT,
  -- StudyDate then StudyTime, fixed width, blanks for absent parts: one column to sort and seek on (sortKey.ts).
  sort_key TEXT NOT NULL DEFAULT '',
  series_count INTEGER NOT NULL DEFAULT 0,
  instance_count INTEGER NOT NULL DEFAULT 0,
  dataset TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS studies_by_sort_key ON studies (sort_key DESC, study_uid);
CREATE INDEX IF NOT EXISTS studies_by_date ON studies (study_date);

-- The values of the study-list keys in matching form (terms.ts), for exact, prefix and contains keys.
CREATE TABLE IF NOT EXISTS study_terms (
  id INTEGER PRIMARY KEY,
  study_uid TEXT NOT NULL,
  field TEXT NOT NULL,
  term TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS study_terms_by_term ON study_terms (field, term);
CREATE INDEX IF NOT EXISTS study_terms_by_study ON study_terms (study_uid, field, term);
-- Trigrams of every term, for *contains* keys; kept in step with study_terms by the triggers.
CREATE VIRTUAL TABLE IF NOT EXISTS study_terms_trigrams USING fts5(term, content='study_terms', content_rowid='id', tokenize='trigram case_sensitive 1');
CREATE TRIGGER IF NOT EXISTS study_terms_insert AFTER INSERT ON study_terms BEGIN
  INSERT INTO study_terms_trigrams (rowid, term) VALUES (new.id, new.term);
END;
CREATE TRIGGER IF NOT EXISTS study_terms_delete AFTER DELETE ON study_terms BEGIN
  INSERT INTO study_terms_trigrams (study_terms_trigrams, rowid, term) VALUES ('delete', old.id, old.term);
END;

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
  dataset TEXT NOT NULL,
  -- JSON array of sentences (ingest/warnings.ts); NULL when the instance was stored as sent.
  warnings TEXT
);
CREATE INDEX IF NOT EXISTS instances_by_series ON instances (series_uid, instance_number);
CREATE INDEX IF NOT EXISTS instances_by_study ON instances (study_uid);

-- A file renamed into archive/ whose row is not yet written (see store/recovery.ts).
CREATE TABLE IF NOT EXISTS pending (
  temp TEXT PRIMARY KEY,
  target TEXT NOT NULL
);
`;

/** Tables of an index of an older version, dropped so the current layout is created in their place. */
const OLD_TABLES = ['studies', 'series', 'instances', 'study_terms', 'study_terms_trigrams'];

interface OpenedDb {
  db: Db;
  /** True when the file held an index of an older schema version: it is empty now and must be rebuilt from the files. */
  outdated: boolean;
}

/**
 * Opens (creating) the index. WAL lets QIDO-RS read while an upload writes; synchronous=FULL
 * makes each committed row survive power loss, as the fsynced files it describes do. An index of
 * an older version is emptied (it is derived data) for the caller to rebuild; one of a newer
 * version is refused, since this gateway cannot know what it holds.
 */
export function openDb(file: string): OpenedDb {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    const version = Number(db.pragma('user_version', { simple: true }));
    if (version > SCHEMA_VERSION) {
      throw new Error(
        `${file} has index schema version ${String(version)}, this gateway expects ${SCHEMA_VERSION}: run "npm run reindex"`,
      );
    }
    const outdated = version !== 0 && version < SCHEMA_VERSION;
    if (outdated) db.exec(OLD_TABLES.map((table) => `DROP TABLE IF EXISTS ${table};`).join('\n'));
    db.exec(SCHEMA);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
    return { db, outdated };
  } catch (error) {
    db.close();
    throw error;
  }
}

/** A read-only connection for searches (qido/searchWorker.ts); WAL lets it read while the writer writes. */
export function openReadOnlyDb(file: string): Db {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  return db;
}
