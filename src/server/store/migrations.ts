/**
 * Schema of DATA_DIR/secondread.sqlite, one entry per version (PRAGMA user_version). Append only:
 * a released migration is never edited, because databases in the field already ran it.
 * Times are milliseconds since the epoch; secrets are stored as SHA-256 or scrypt hashes only.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'radiologist')),
    password_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );

  CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    ip TEXT NOT NULL
  );
  CREATE INDEX sessions_user ON sessions(user_id);

  CREATE TABLE login_failures (
    key TEXT NOT NULL,
    at INTEGER NOT NULL
  );
  CREATE INDEX login_failures_key_at ON login_failures(key, at);

  CREATE TABLE setup_tokens (
    token_hash TEXT PRIMARY KEY,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
  );

  CREATE TABLE shares (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    created_by TEXT NOT NULL REFERENCES users(id),
    sender_name TEXT NOT NULL,
    label TEXT,
    scope TEXT NOT NULL,
    series_scoped INTEGER NOT NULL,
    allow_download INTEGER NOT NULL,
    passcode_hash TEXT,
    max_opens INTEGER,
    opens INTEGER NOT NULL DEFAULT 0,
    passcode_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until INTEGER,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER,
    revoked_by TEXT
  );
  CREATE INDEX shares_created_by ON shares(created_by, created_at);

  CREATE TABLE share_sessions (
    id_hash TEXT PRIMARY KEY,
    share_id TEXT NOT NULL REFERENCES shares(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    ip TEXT NOT NULL
  );
  CREATE INDEX share_sessions_share ON share_sessions(share_id);

  CREATE TABLE study_access (
    session_key TEXT NOT NULL,
    study_uid TEXT NOT NULL,
    series_uid TEXT NOT NULL,
    share_id TEXT,
    user_id TEXT,
    ip TEXT NOT NULL,
    first_at INTEGER NOT NULL,
    last_at INTEGER NOT NULL,
    requests INTEGER NOT NULL,
    PRIMARY KEY (session_key, study_uid, series_uid)
  );
  CREATE INDEX study_access_share ON study_access(share_id, first_at);

  CREATE TABLE audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    type TEXT NOT NULL,
    outcome TEXT NOT NULL,
    actor_kind TEXT NOT NULL,
    actor_id TEXT,
    actor_name TEXT,
    ip TEXT,
    share_id TEXT,
    studies TEXT,
    detail TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
  );
  CREATE INDEX audit_share ON audit(share_id, id);
  -- Append only: changing history takes dropping these triggers first, which the hash chain
  -- then exposes (npm run audit:verify).
  CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
  CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
  `,
  // Wrong passcodes over a link's whole life, and when they used up its budget (until the sender lifts it).
  `
  ALTER TABLE shares ADD COLUMN passcode_failures INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE shares ADD COLUMN passcode_blocked_at INTEGER;
  `,
  // The sender's message to the recipient (plain text, at most 2000 characters).
  `
  ALTER TABLE shares ADD COLUMN message TEXT;
  `,
  // Recipients may answer with SR/KOS (issue 11): whether the link allows it, and each reply stored.
  `
  ALTER TABLE shares ADD COLUMN allow_reply INTEGER NOT NULL DEFAULT 0;
  CREATE TABLE share_replies (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    share_id TEXT NOT NULL REFERENCES shares(id) ON DELETE CASCADE,
    received_at INTEGER NOT NULL,
    study_uid TEXT NOT NULL,
    series_uid TEXT NOT NULL,
    sop_instance_uids TEXT NOT NULL,
    sop_class_uids TEXT NOT NULL
  );
  CREATE INDEX share_replies_share ON share_replies(share_id, id);
  `,
  // Upload-request links (issue 12): who may send studies in, their sessions, and what waits in
  // quarantine (DATA_DIR/quarantine/<upload>/<SOP>.dcm, one row per file) until staff accept or reject it.
  `
  CREATE TABLE upload_links (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL,
    forward_to TEXT REFERENCES users(id),
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER,
    revoked_by TEXT
  );
  CREATE INDEX upload_links_created_by ON upload_links(created_by, created_at);

  CREATE TABLE upload_sessions (
    id_hash TEXT PRIMARY KEY,
    link_id TEXT NOT NULL REFERENCES upload_links(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    ip TEXT NOT NULL
  );
  CREATE INDEX upload_sessions_link ON upload_sessions(link_id);

  CREATE TABLE uploads (
    id TEXT PRIMARY KEY,
    link_id TEXT NOT NULL REFERENCES upload_links(id),
    study_uid TEXT NOT NULL,
    uploaded_from TEXT NOT NULL,
    first_received_at INTEGER NOT NULL,
    last_received_at INTEGER NOT NULL,
    patient_id TEXT,
    patient_name TEXT,
    birth_date TEXT,
    study_date TEXT,
    study_description TEXT,
    UNIQUE (link_id, study_uid)
  );

  CREATE TABLE upload_instances (
    upload_id TEXT NOT NULL REFERENCES uploads(id) ON DELETE CASCADE,
    sop_instance_uid TEXT NOT NULL,
    sop_class_uid TEXT NOT NULL,
    series_uid TEXT NOT NULL,
    modality TEXT,
    series_description TEXT,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    warnings TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    PRIMARY KEY (upload_id, sop_instance_uid)
  );
  `,
  // Patient access links (issue 12): a patient's own studies behind their birth date (or a staff-set
  // passcode), their sessions, and the shares a patient forwards to a doctor. shares.created_by
  // references users(id), which a patient is not, so a forward names the link's creator there and
  // its patient link in forwarded_from (SQLite cannot drop that reference inside a migration).
  `
  CREATE TABLE patient_links (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    access_code_hash TEXT NOT NULL UNIQUE,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_by_name TEXT NOT NULL,
    patient_id TEXT,
    study_uids TEXT,
    patient_name TEXT NOT NULL,
    birth_date_hash TEXT,
    passcode_hash TEXT,
    allow_download INTEGER NOT NULL,
    failures INTEGER NOT NULL DEFAULT 0,
    locked_until INTEGER,
    last_opened_at INTEGER,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER,
    revoked_by TEXT
  );
  CREATE INDEX patient_links_created_by ON patient_links(created_by, created_at);

  CREATE TABLE patient_sessions (
    id_hash TEXT PRIMARY KEY,
    link_id TEXT NOT NULL REFERENCES patient_links(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    studies TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    ip TEXT NOT NULL
  );
  CREATE INDEX patient_sessions_link ON patient_sessions(link_id);

  ALTER TABLE shares ADD COLUMN forwarded_from TEXT REFERENCES patient_links(id);
  CREATE INDEX shares_forwarded_from ON shares(forwarded_from, created_at);
  `,
];
