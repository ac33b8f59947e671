import type { Exec } from './connection';
import type { Db } from './database';

/**
 * One audit record as stored. `studies` and `detail` are kept as the JSON text that was hashed,
 * so verification hashes exactly the bytes in the table (see audit/chain.ts).
 */
export interface AuditRow {
  id: number;
  at: number;
  type: string;
  outcome: string;
  actor_kind: string;
  actor_id: string | null;
  actor_name: string | null;
  ip: string | null;
  share_id: string | null;
  studies: string | null;
  detail: string;
  prev_hash: string;
  hash: string;
}

export interface ChainHead {
  id: number;
  hash: string;
}

export interface AuditLogStore {
  /**
   * Appends one row built from the current head, inside a write transaction: two requests or two
   * gateway processes appending at once still produce one unbroken chain. `build` is synchronous
   * on purpose, so nothing can be appended between reading the head and writing the row.
   */
  append(build: (head: ChainHead | undefined) => AuditRow): Promise<AuditRow>;
  /**
   * Every row in id order, streamed a page at a time (no cursor stays open between pages, so
   * rows appended meanwhile may or may not be included).
   */
  rows(): AsyncIterable<AuditRow>;
  /** The highest id ever handed out (AUTOINCREMENT), which outlives deleting the last rows. */
  highestIssuedId(): Promise<number>;
  forShare(shareId: string): Promise<AuditRow[]>;
  /** Time of the share's newest record of this type (e.g. its last `share.opened`), if any. */
  lastForShare(shareId: string, type: string): Promise<number | undefined>;
  /** Up to `limit` rows with id > afterId, in id order (export paging). */
  page(afterId: number, limit: number): Promise<AuditRow[]>;
}

/** Rows read per step of rows(). */
const ROWS_PAGE = 500;

export function auditLogStore(db: Db, exec: Exec): AuditLogStore {
  const head = db.prepare<[], ChainHead>('SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1');
  const insert = db.prepare(`INSERT INTO audit
    (id, at, type, outcome, actor_kind, actor_id, actor_name, ip, share_id, studies, detail, prev_hash, hash)
    VALUES (@id, @at, @type, @outcome, @actor_kind, @actor_id, @actor_name, @ip, @share_id, @studies, @detail, @prev_hash, @hash)`);
  const sequence = db.prepare<[], { seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'audit'");
  const forShare = db.prepare<[string], AuditRow>('SELECT * FROM audit WHERE share_id = ? ORDER BY id');
  const lastForShare = db.prepare<[string, string], { at: number | null }>(
    'SELECT MAX(at) AS at FROM audit WHERE share_id = ? AND type = ?',
  );
  const page = db.prepare<[number, number], AuditRow>('SELECT * FROM audit WHERE id > ? ORDER BY id LIMIT ?');
  const append = db.transaction((build: (head: ChainHead | undefined) => AuditRow) => {
    const row = build(head.get());
    insert.run(row);
    return row;
  });
  return {
    append: (build) => exec(() => append.immediate(build)),
    async *rows() {
      for (let afterId = 0; ;) {
        const rows = await exec(() => page.all(afterId, ROWS_PAGE));
        yield* rows;
        if (rows.length < ROWS_PAGE) return;
        afterId = rows.at(-1)!.id;
      }
    },
    highestIssuedId: () => exec(() => sequence.get()?.seq ?? 0),
    forShare: (shareId) => exec(() => forShare.all(shareId)),
    lastForShare: (shareId, type) => exec(() => lastForShare.get(shareId, type)?.at ?? undefined),
    page: (afterId, limit) => exec(() => page.all(afterId, limit)),
  };
}
