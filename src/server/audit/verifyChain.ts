import type { AuditLogStore } from '../store/auditLog';
import { GENESIS_HASH, recordHash } from './chain';

export type ChainVerdict = { ok: true; count: number } | { ok: false; count: number; brokenId: number; reason: string };

/**
 * Walks the audit table in id order. A record is broken when its id is not the next one
 * (a row was removed), when its own hash does not match its columns (it was altered, or swapped
 * with another, since the id is hashed), or when it does not carry the previous record's hash.
 * The AUTOINCREMENT counter also catches rows cut off the end.
 */
export async function verifyChain(log: AuditLogStore): Promise<ChainVerdict> {
  // Read first: rows appended while the walk runs are then never mistaken for a cut-off end.
  const issued = await log.highestIssuedId();
  let previous: { id: number; hash: string } | undefined;
  let count = 0;
  for await (const row of log.rows()) {
    const expectedId = (previous?.id ?? 0) + 1;
    if (row.id !== expectedId) {
      return {
        ok: false,
        count,
        brokenId: expectedId,
        reason: `record ${expectedId} is missing (next present is ${row.id})`,
      };
    }
    const { hash, ...columns } = row;
    if (recordHash(columns) !== hash) {
      return {
        ok: false,
        count,
        brokenId: row.id,
        reason: `record ${row.id} does not match its hash (altered or moved)`,
      };
    }
    if (row.prev_hash !== (previous?.hash ?? GENESIS_HASH)) {
      return {
        ok: false,
        count,
        brokenId: row.id,
        reason: `record ${row.id} does not follow record ${previous?.id ?? 'genesis'}`,
      };
    }
    previous = { id: row.id, hash };
    count++;
  }
  if (issued > (previous?.id ?? 0)) {
    const missing = (previous?.id ?? 0) + 1;
    return { ok: false, count, brokenId: missing, reason: `records ${missing} to ${issued} are missing from the end` };
  }
  return { ok: true, count };
}
