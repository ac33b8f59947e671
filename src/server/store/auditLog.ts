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
   * Appends one row built from the current head, inside a write transaction: two gateway
   * processes appending at once still produce one unbroken chain.
   */
  append(build: (head: ChainHead | undefined) => AuditRow): AuditRow;
  /** Every row in id order, streamed. */
  rows(): IterableIterator<AuditRow>;
  /** The highest id ever handed out (AUTOINCREMENT), which outlives deleting the last rows. */
  highestIssuedId(): number;
  forShare(shareId: string): AuditRow[];
  /** Time of the share's newest record of this type (e.g. its last `share.opened`), if any. */
  lastForShare(shareId: string, type: string): number | undefined;
  /** Up to `limit` rows with id > afterId, in id order (export paging). */
  page(afterId: number, limit: number): AuditRow[];
}

export function auditLogStore(db: Db): AuditLogStore {
  const head = db.prepare<[], ChainHead>('SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1');
  const insert = db.prepare(`INSERT INTO audit
    (id, at, type, outcome, actor_kind, actor_id, actor_name, ip, share_id, studies, detail, prev_hash, hash)
    VALUES (@id, @at, @type, @outcome, @actor_kind, @actor_id, @actor_name, @ip, @share_id, @studies, @detail, @prev_hash, @hash)`);
  const all = db.prepare<[], AuditRow>('SELECT * FROM audit ORDER BY id');
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
    append: (build) => append.immediate(build),
    rows: () => all.iterate(),
    highestIssuedId: () => sequence.get()?.seq ?? 0,
    forShare: (shareId) => forShare.all(shareId),
    lastForShare: (shareId, type) => lastForShare.get(shareId, type)?.at ?? undefined,
    page: (afterId, limit) => page.all(afterId, limit),
  };
}
