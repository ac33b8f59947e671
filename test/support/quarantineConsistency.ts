import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

interface QuarantineState {
  /** "<uploadId>/<SOP>.dcm" of every instance row. */
  rows: string[];
  /** Instance rows whose file is missing. */
  rowsWithoutFile: string[];
  /** Files in upload folders without a row. */
  filesWithoutRow: string[];
  /** Anything left in quarantine/tmp. */
  tempFiles: string[];
  /** Upload rows without any instance. */
  emptyUploads: string[];
}

/** Compares the quarantine rows in DATA_DIR/secondread.sqlite with the files under DATA_DIR/quarantine, read-only. */
export function quarantineState(dataDir: string): QuarantineState {
  const db = new Database(path.join(dataDir, 'secondread.sqlite'), { readonly: true, fileMustExist: true });
  let rows: string[];
  let emptyUploads: string[];
  try {
    rows = db
      .prepare<[], { upload_id: string; sop_instance_uid: string }>(
        'SELECT upload_id, sop_instance_uid FROM upload_instances',
      )
      .all()
      .map((r) => `${r.upload_id}/${r.sop_instance_uid}.dcm`);
    emptyUploads = db
      .prepare<[], { id: string }>('SELECT id FROM uploads WHERE id NOT IN (SELECT upload_id FROM upload_instances)')
      .all()
      .map((r) => r.id);
  } finally {
    db.close();
  }
  const dir = path.join(dataDir, 'quarantine');
  const files: string[] = [];
  const tempFiles: string[] = [];
  if (existsSync(dir)) {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'tmp') tempFiles.push(...readdirSync(path.join(dir, 'tmp')));
      else if (entry.isDirectory())
        files.push(...readdirSync(path.join(dir, entry.name)).map((f) => `${entry.name}/${f}`));
      else files.push(entry.name);
    }
  }
  const present = new Set(files);
  const recorded = new Set(rows);
  return {
    rows,
    rowsWithoutFile: rows.filter((r) => !present.has(r)),
    filesWithoutRow: files.filter((f) => !recorded.has(f)),
    tempFiles,
    emptyUploads,
  };
}
