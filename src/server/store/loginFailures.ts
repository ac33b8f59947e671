import type { Exec } from './connection';
import type { Db } from './database';

/** A key's failed logins since some time: how many, and when the latest was (undefined when none). */
export interface FailureHistory {
  count: number;
  latest: number | undefined;
}

/** Either the attempt may go ahead (its pending failures recorded as `ids`) or it must wait. */
export type ReserveOutcome = { reserved: true; ids: number[] } | { reserved: false; waitMs: number };

/**
 * Failed logins, one row per failure per key (the keys are auth/loginThrottle's), kept in the
 * database rather than in memory so every gateway process sharing the file counts the same attempts.
 */
export interface LoginFailureStore {
  /**
   * In one write transaction: reads each key's failures after `since`, asks `waitFor` how
   * long the attempt must wait, and if not at all records a failure for every key at `now`. The
   * attempt counts as failed until `withdraw`n, so parallel attempts see each other.
   */
  reserve(
    keys: readonly string[],
    since: number,
    now: number,
    waitFor: (histories: FailureHistory[]) => number,
  ): Promise<ReserveOutcome>;
  /** Removes the rows a reservation recorded (the attempt succeeded). */
  withdraw(ids: readonly number[]): Promise<void>;
  clear(key: string): Promise<void>;
}

export function loginFailureStore(db: Db, exec: Exec): LoginFailureStore {
  const insert = db.prepare<[string, number]>('INSERT INTO login_failures (key, at) VALUES (?, ?)');
  const history = db.prepare<[string, number], { count: number; latest: number | null }>(
    'SELECT count(*) AS count, max(at) AS latest FROM login_failures WHERE key = ? AND at > ?',
  );
  const historyOf = (key: string, since: number): FailureHistory => {
    const row = history.get(key, since);
    return { count: row?.count ?? 0, latest: row?.latest ?? undefined };
  };
  // The table has no id column; its rowid only changes on VACUUM, which the gateway never runs,
  // and a reservation lives only as long as one password check.
  const remove = db.prepare<[number]>('DELETE FROM login_failures WHERE rowid = ?');
  const clear = db.prepare<[string]>('DELETE FROM login_failures WHERE key = ?');
  const prune = db.prepare<[number]>('DELETE FROM login_failures WHERE at <= ?');

  // Atomic because the read and the insert happen in one synchronous IMMEDIATE transaction: no
  // other request of this process runs in between (better-sqlite3 never yields), and another
  // process on the same file waits for the write lock taken before the read. A PostgreSQL store
  // must do the same explicitly: lock the keys first (pg_advisory_xact_lock on each key's hash,
  // or SELECT … FOR UPDATE on a per-key row) or run SERIALIZABLE and retry, since a plain read
  // then insert under READ COMMITTED lets parallel requests all pass the check.
  const reserve = db.transaction(
    (
      keys: readonly string[],
      since: number,
      now: number,
      waitFor: (histories: FailureHistory[]) => number,
    ): ReserveOutcome => {
      prune.run(since);
      const waitMs = waitFor(keys.map((key) => historyOf(key, since)));
      if (waitMs > 0) return { reserved: false, waitMs };
      return { reserved: true, ids: keys.map((key) => Number(insert.run(key, now).lastInsertRowid)) };
    },
  );
  const withdraw = db.transaction((ids: readonly number[]) => {
    for (const id of ids) remove.run(id);
  });

  return {
    reserve: (keys, since, now, waitFor) => exec(() => reserve.immediate(keys, since, now, waitFor)),
    withdraw: (ids) => exec(() => withdraw(ids)),
    clear: (key) => exec(() => void clear.run(key)),
  };
}
