import type { AuditRow } from '../store/auditLog';
import { sha256Hex } from '../security/tokens';

/** prev_hash of the first record. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The canonical form of a record: its stored columns, except its own hash, in a fixed order as
 * a JSON array. `studies` and `detail` are the stored JSON text, so nothing is re-serialised and
 * key order can never change a hash. The next record stores SHA-256 of this as its prev_hash.
 */
function canonicalForm(row: Omit<AuditRow, 'hash'>): string {
  return JSON.stringify([
    row.id,
    row.at,
    row.type,
    row.outcome,
    row.actor_kind,
    row.actor_id,
    row.actor_name,
    row.ip,
    row.share_id,
    row.studies,
    row.detail,
    row.prev_hash,
  ]);
}

export function recordHash(row: Omit<AuditRow, 'hash'>): string {
  return sha256Hex(canonicalForm(row));
}
