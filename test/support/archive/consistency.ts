import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

interface Consistency {
  /** Rows whose file is missing. */
  rowsWithoutFile: string[];
  /** Files under archive/ without a row. */
  filesWithoutRow: string[];
  /** Anything left in tmp/. */
  tempFiles: string[];
  /** Pending marks left in the index. */
  pending: number;
  rows: number;
}

/** Compares DATA_DIR/archive.sqlite with the files under DATA_DIR/archive, read-only. */
export function checkConsistency(dataDir: string): Consistency {
  const db = new Database(path.join(dataDir, 'archive.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare<[], { path: string }>('SELECT path FROM instances')
      .all()
      .map((r) => r.path);
    const pending = (db.prepare('SELECT count(*) AS n FROM pending').get() as { n: number }).n;
    const files = walk(path.join(dataDir, 'archive'));
    const indexed = new Set(rows);
    const present = new Set(files);
    const tempDir = path.join(dataDir, 'tmp');
    return {
      rowsWithoutFile: rows.filter((r) => !present.has(r)),
      filesWithoutRow: files.filter((f) => !indexed.has(f)),
      tempFiles: existsSync(tempDir) ? readdirSync(tempDir) : [],
      pending,
      rows: rows.length,
    };
  } finally {
    db.close();
  }
}

function walk(root: string, dir = root): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(root, full) : [path.relative(root, full).split(path.sep).join('/')];
  });
}
