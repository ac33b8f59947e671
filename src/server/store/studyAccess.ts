import type { Exec } from './connection';
import type { Db } from './database';

/**
 * Allowed DICOMweb access, one row per session, study and series with a request count, so a
 * viewer fetching a thousand frames leaves one row, not a thousand (docs/design.md "Audit").
 * `series` is '' for study-level requests.
 */
export interface StudyAccess {
  sessionKey: string;
  study: string;
  series: string;
  shareId: string | undefined;
  userId: string | undefined;
  ip: string;
  firstAt: number;
  lastAt: number;
  requests: number;
}

interface StudyAccessRow {
  session_key: string;
  study_uid: string;
  series_uid: string;
  share_id: string | null;
  user_id: string | null;
  ip: string;
  first_at: number;
  last_at: number;
  requests: number;
}

export interface StudyAccessStore {
  /** Counts one request; true when this session touched this study and series for the first time. */
  record(access: {
    sessionKey: string;
    study: string;
    series: string;
    shareId?: string;
    userId?: string;
    ip: string;
    now: number;
  }): Promise<boolean>;
  forShare(shareId: string): Promise<StudyAccess[]>;
}

export function studyAccessStore(db: Db, exec: Exec): StudyAccessStore {
  const upsert = db.prepare<
    [string, string, string, string | null, string | null, string, number, number],
    { requests: number }
  >(
    `INSERT INTO study_access (session_key, study_uid, series_uid, share_id, user_id, ip, first_at, last_at, requests)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)
     ON CONFLICT (session_key, study_uid, series_uid) DO UPDATE SET last_at = excluded.last_at, requests = requests + 1
     RETURNING requests`,
  );
  const forShare = db.prepare<[string], StudyAccessRow>(
    'SELECT * FROM study_access WHERE share_id = ? ORDER BY first_at, study_uid, series_uid',
  );
  return {
    record: (a) =>
      exec(
        () =>
          upsert.get(a.sessionKey, a.study, a.series, a.shareId ?? null, a.userId ?? null, a.ip, a.now, a.now)!
            .requests === 1,
      ),
    forShare: (shareId) =>
      exec(() =>
        forShare.all(shareId).map((row) => ({
          sessionKey: row.session_key,
          study: row.study_uid,
          series: row.series_uid,
          shareId: row.share_id ?? undefined,
          userId: row.user_id ?? undefined,
          ip: row.ip,
          firstAt: row.first_at,
          lastAt: row.last_at,
          requests: row.requests,
        })),
      ),
  };
}
