import type { Db } from './database';

/**
 * Failed logins, keyed `user:<name>` or `ip:<address>`, kept in the database rather than in
 * memory so every gateway instance counts the same attempts (DESIGN "Scale").
 */
export interface LoginFailureStore {
  record(keys: string[], now: number): void;
  /** Times of the failures for `key` at or after `since`, oldest first. */
  since(key: string, since: number): number[];
  clear(key: string): void;
  prune(before: number): void;
}

export function loginFailureStore(db: Db): LoginFailureStore {
  const insert = db.prepare('INSERT INTO login_failures (key, at) VALUES (?, ?)');
  const since = db.prepare<[string, number], { at: number }>('SELECT at FROM login_failures WHERE key = ? AND at >= ? ORDER BY at');
  const clear = db.prepare('DELETE FROM login_failures WHERE key = ?');
  const prune = db.prepare('DELETE FROM login_failures WHERE at < ?');
  const recordAll = db.transaction((keys: string[], now: number) => {
    for (const key of keys) insert.run(key, now);
  });
  return {
    record: (keys, now) => recordAll(keys, now),
    since: (key, from) => since.all(key, from).map((row) => row.at),
    clear: (key) => void clear.run(key),
    prune: (before) => void prune.run(before),
  };
}
