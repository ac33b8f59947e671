import type { AuditLogStore, AuditRow } from '../store/auditLog';
import type { Clock } from '../store/clock';
import type { StoreData } from '../store/store';
import type { AuditActor, AuditEvent } from './auditEvent';
import { GENESIS_HASH, recordHash } from './chain';

/**
 * Writes audit records beside the action (STYLE 7): append-only, each chained to the one before.
 * Await the record: an action whose record failed must not be reported as done. Given the
 * store of an open transaction, the record commits or rolls back with the action it describes.
 */
export interface AuditTrail {
  record(event: AuditEvent, tx?: StoreData): Promise<AuditRow>;
}

function actorColumns(actor: AuditActor): Pick<AuditRow, 'actor_kind' | 'actor_id' | 'actor_name'> {
  switch (actor.kind) {
    case 'staff':
    case 'share':
    case 'patient':
    case 'upload':
      return { actor_kind: actor.kind, actor_id: actor.id, actor_name: actor.name };
    case 'system':
      return { actor_kind: 'system', actor_id: null, actor_name: actor.name };
    case 'anonymous':
      return { actor_kind: 'anonymous', actor_id: null, actor_name: null };
  }
}

export function createAuditTrail(log: AuditLogStore, clock: Clock): AuditTrail {
  return {
    record(event, tx) {
      return (tx?.auditLog ?? log).append((head) => {
        const unhashed = {
          id: (head?.id ?? 0) + 1,
          at: clock(),
          type: event.type,
          outcome: event.outcome,
          ...actorColumns(event.actor),
          ip: event.ip ?? null,
          share_id: event.shareId ?? null,
          studies: event.studies && event.studies.length > 0 ? JSON.stringify(event.studies) : null,
          detail: JSON.stringify(event.detail ?? {}),
          prev_hash: head?.hash ?? GENESIS_HASH,
        };
        return { ...unhashed, hash: recordHash(unhashed) };
      });
    },
  };
}
