import type { Exec } from './connection';
import type { Db } from './database';

/** An uploader's session under one upload link: random id in a cookie, its SHA-256 here. */
export interface UploadSession {
  idHash: string;
  linkId: string;
  /** Sent back in X-CSRF-Token with every STOW-RS: a cross-site form cannot read or set it. */
  csrfToken: string;
  createdAt: number;
  expiresAt: number;
  ip: string;
}

interface UploadSessionRow {
  id_hash: string;
  link_id: string;
  csrf_token: string;
  created_at: number;
  expires_at: number;
  ip: string;
}

export interface UploadSessionStore {
  create(session: UploadSession): Promise<void>;
  find(idHash: string): Promise<UploadSession | undefined>;
  delete(idHash: string): Promise<void>;
  deleteExpired(now: number): Promise<void>;
}

export function uploadSessionStore(db: Db, exec: Exec): UploadSessionStore {
  const insert = db.prepare(
    'INSERT INTO upload_sessions (id_hash, link_id, csrf_token, created_at, expires_at, ip) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const find = db.prepare<[string], UploadSessionRow>('SELECT * FROM upload_sessions WHERE id_hash = ?');
  const remove = db.prepare('DELETE FROM upload_sessions WHERE id_hash = ?');
  const expired = db.prepare('DELETE FROM upload_sessions WHERE expires_at <= ?');
  return {
    create: (s) => exec(() => void insert.run(s.idHash, s.linkId, s.csrfToken, s.createdAt, s.expiresAt, s.ip)),
    find: (idHash) =>
      exec(() => {
        const row = find.get(idHash);
        return (
          row && {
            idHash: row.id_hash,
            linkId: row.link_id,
            csrfToken: row.csrf_token,
            createdAt: row.created_at,
            expiresAt: row.expires_at,
            ip: row.ip,
          }
        );
      }),
    delete: (idHash) => exec(() => void remove.run(idHash)),
    deleteExpired: (now) => exec(() => void expired.run(now)),
  };
}
