import type { Exec } from './connection';
import type { Db } from './database';

/** A recipient's session under one share: random id in a cookie, its SHA-256 here. */
export interface ShareSession {
  idHash: string;
  shareId: string;
  createdAt: number;
  expiresAt: number;
  ip: string;
}

interface ShareSessionRow {
  id_hash: string;
  share_id: string;
  created_at: number;
  expires_at: number;
  ip: string;
}

export interface ShareSessionStore {
  create(session: ShareSession): Promise<void>;
  find(idHash: string): Promise<ShareSession | undefined>;
  delete(idHash: string): Promise<void>;
  deleteExpired(now: number): Promise<void>;
}

export function shareSessionStore(db: Db, exec: Exec): ShareSessionStore {
  const insert = db.prepare(
    'INSERT INTO share_sessions (id_hash, share_id, created_at, expires_at, ip) VALUES (?, ?, ?, ?, ?)',
  );
  const find = db.prepare<[string], ShareSessionRow>('SELECT * FROM share_sessions WHERE id_hash = ?');
  const remove = db.prepare('DELETE FROM share_sessions WHERE id_hash = ?');
  const expired = db.prepare('DELETE FROM share_sessions WHERE expires_at <= ?');
  return {
    create: (s) => exec(() => void insert.run(s.idHash, s.shareId, s.createdAt, s.expiresAt, s.ip)),
    find: (idHash) =>
      exec(() => {
        const row = find.get(idHash);
        return (
          row && {
            idHash: row.id_hash,
            shareId: row.share_id,
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
