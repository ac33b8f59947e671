import type { Exec } from './connection';
import type { Db } from './database';

/** A staff session; the cookie holds a random id, the table only its SHA-256. */
export interface Session {
  idHash: string;
  userId: string;
  csrfToken: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  ip: string;
}

interface SessionRow {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  ip: string;
}

const toSession = (row: SessionRow): Session => ({
  idHash: row.id_hash,
  userId: row.user_id,
  csrfToken: row.csrf_token,
  createdAt: row.created_at,
  lastSeenAt: row.last_seen_at,
  expiresAt: row.expires_at,
  ip: row.ip,
});

const TOUCH_EVERY_MS = 5_000;

export interface SessionStore {
  create(session: Session): Promise<void>;
  find(idHash: string): Promise<Session | undefined>;
  /** Records activity; may skip the write when the last one is only seconds old. */
  touch(idHash: string, now: number): Promise<void>;
  delete(idHash: string): Promise<void>;
  /** Drops sessions past their absolute end or idle for longer than idleMs. */
  deleteStale(now: number, idleMs: number): Promise<void>;
}

export function sessionStore(db: Db, exec: Exec): SessionStore {
  const insert = db.prepare(
    'INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, ip) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const find = db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE id_hash = ?');
  // Activity is written at most every few seconds: a viewer fetching frames would otherwise
  // write once per frame for no gain in idle-timeout accuracy.
  const touch = db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id_hash = ? AND last_seen_at < ?');
  const remove = db.prepare('DELETE FROM sessions WHERE id_hash = ?');
  const stale = db.prepare('DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?');
  return {
    create: (s) =>
      exec(() => void insert.run(s.idHash, s.userId, s.csrfToken, s.createdAt, s.lastSeenAt, s.expiresAt, s.ip)),
    find: (idHash) =>
      exec(() => {
        const row = find.get(idHash);
        return row && toSession(row);
      }),
    touch: (idHash, now) => exec(() => void touch.run(now, idHash, now - TOUCH_EVERY_MS)),
    delete: (idHash) => exec(() => void remove.run(idHash)),
    deleteStale: (now, idleMs) => exec(() => void stale.run(now, now - idleMs)),
  };
}
