import type { Exec } from './connection';
import type { Db } from './database';

/** One series of SR/KOS instances a link recipient stored into a shared study (sharing/shareReply.ts). */
export interface ShareReply {
  shareId: string;
  receivedAt: number;
  study: string;
  series: string;
  sopInstanceUIDs: string[];
  sopClassUIDs: string[];
}

export interface ShareReplyStore {
  record(reply: ShareReply): Promise<void>;
  /** In the order they were recorded. */
  forShare(shareId: string): Promise<ShareReply[]>;
  count(shareId: string): Promise<number>;
  /** When the latest reply was received; undefined before the first. */
  lastReceivedAt(shareId: string): Promise<number | undefined>;
}

interface ShareReplyRow {
  share_id: string;
  received_at: number;
  study_uid: string;
  series_uid: string;
  sop_instance_uids: string;
  sop_class_uids: string;
}

const toReply = (row: ShareReplyRow): ShareReply => ({
  shareId: row.share_id,
  receivedAt: row.received_at,
  study: row.study_uid,
  series: row.series_uid,
  sopInstanceUIDs: JSON.parse(row.sop_instance_uids) as string[],
  sopClassUIDs: JSON.parse(row.sop_class_uids) as string[],
});

export function shareReplyStore(db: Db, exec: Exec): ShareReplyStore {
  const insert = db.prepare(`INSERT INTO share_replies
    (share_id, received_at, study_uid, series_uid, sop_instance_uids, sop_class_uids)
    VALUES (@share_id, @received_at, @study_uid, @series_uid, @sop_instance_uids, @sop_class_uids)`);
  const forShare = db.prepare<[string], ShareReplyRow>('SELECT * FROM share_replies WHERE share_id = ? ORDER BY id');
  const count = db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM share_replies WHERE share_id = ?');
  const last = db.prepare<[string], { at: number | null }>(
    'SELECT MAX(received_at) AS at FROM share_replies WHERE share_id = ?',
  );
  return {
    record: (reply) =>
      exec(() => {
        insert.run({
          share_id: reply.shareId,
          received_at: reply.receivedAt,
          study_uid: reply.study,
          series_uid: reply.series,
          sop_instance_uids: JSON.stringify(reply.sopInstanceUIDs),
          sop_class_uids: JSON.stringify(reply.sopClassUIDs),
        });
      }),
    forShare: (shareId) => exec(() => forShare.all(shareId).map(toReply)),
    count: (shareId) => exec(() => count.get(shareId)!.n),
    lastReceivedAt: (shareId) => exec(() => last.get(shareId)!.at ?? undefined),
  };
}
