import type { StoreData } from '../store/store';

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * A share's access history for its sender: the audit records that name it (opens, refusals,
 * passcode failures, denials, first views) and the per-session access counts.
 */
export async function shareHistory(store: StoreData, shareId: string) {
  const history = (await store.auditLog.forShare(shareId)).map((row) => ({
    time: iso(row.at),
    event: row.type,
    outcome: row.outcome,
    ip: row.ip,
    actor: row.actor_name,
    studyInstanceUIDs: row.studies === null ? [] : (JSON.parse(row.studies) as string[]),
    detail: JSON.parse(row.detail) as Record<string, unknown>,
  }));
  const access = (await store.studyAccess.forShare(shareId)).map((a) => ({
    studyInstanceUID: a.study,
    seriesInstanceUID: a.series === '' ? null : a.series,
    firstAt: iso(a.firstAt),
    lastAt: iso(a.lastAt),
    requests: a.requests,
    ip: a.ip,
  }));
  return { history, access };
}
