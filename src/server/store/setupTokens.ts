import type { Exec } from './connection';
import type { Db } from './database';

/** One-time tokens for the first-admin setup page; only their SHA-256 is stored. */
export interface SetupTokenStore {
  /** Replaces every unused token with this one: only the URL printed last works. */
  issue(tokenHash: string, now: number, expiresAt: number): Promise<void>;
  /** True when the token is unused and unexpired; marks it used in the same step (one caller wins a race). */
  consume(tokenHash: string, now: number): Promise<boolean>;
  isValid(tokenHash: string, now: number): Promise<boolean>;
}

export function setupTokenStore(db: Db, exec: Exec): SetupTokenStore {
  const dropUnused = db.prepare('DELETE FROM setup_tokens WHERE used_at IS NULL');
  const insert = db.prepare('INSERT INTO setup_tokens (token_hash, created_at, expires_at) VALUES (?, ?, ?)');
  const consume = db.prepare(
    'UPDATE setup_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?',
  );
  const valid = db.prepare<[string, number], { n: number }>(
    'SELECT COUNT(*) AS n FROM setup_tokens WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?',
  );
  const issue = db.transaction((tokenHash: string, now: number, expiresAt: number) => {
    dropUnused.run();
    insert.run(tokenHash, now, expiresAt);
  });
  return {
    issue: (tokenHash, now, expiresAt) => exec(() => issue.immediate(tokenHash, now, expiresAt)),
    consume: (tokenHash, now) => exec(() => consume.run(now, tokenHash, now).changes === 1),
    isValid: (tokenHash, now) => exec(() => valid.get(tokenHash, now)!.n === 1),
  };
}
