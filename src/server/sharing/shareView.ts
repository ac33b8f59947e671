import type { ShareReply as ShareReplyView, ShareSummary } from '../../api/shares';
import type { ShareReply } from '../store/shareReplies';
import type { Share } from '../store/shares';
import { linkState } from './linkState';

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

/** A share as the API shows it to its sender or an admin: never the token or passcode hash. */
export function shareSummary(
  share: Share,
  now: number,
  lastOpenedAt: number | undefined,
  replies: { count: number; lastAt: number | undefined },
): ShareSummary {
  return {
    id: share.id,
    label: share.label ?? null,
    message: share.message ?? null,
    senderName: share.senderName,
    createdBy: share.createdBy,
    createdAt: iso(share.createdAt)!,
    expiresAt: iso(share.expiresAt)!,
    revokedAt: iso(share.revokedAt),
    status: linkState(share, now),
    studies: share.scope.studies.map((s) => ({ studyInstanceUID: s.study, seriesInstanceUIDs: s.series })),
    seriesScoped: share.scope.seriesScoped,
    allowDownload: share.scope.allowDownload,
    allowReply: share.scope.allowReply,
    replyCount: replies.count,
    lastReplyAt: iso(replies.lastAt),
    passcodeProtected: share.passcodeHash !== undefined,
    maxOpens: share.maxOpens ?? null,
    opens: share.opens,
    lockedUntil: share.lockedUntil !== undefined && share.lockedUntil > now ? iso(share.lockedUntil) : null,
    passcodeBlocked: share.passcodeBlockedAt !== undefined,
    passcodeFailures: share.passcodeFailures,
    lastOpenedAt: iso(lastOpenedAt),
  };
}

/** A stored reply as the share's detail lists it. */
export function shareReplyView(reply: ShareReply): ShareReplyView {
  return {
    receivedAt: iso(reply.receivedAt)!,
    studyInstanceUID: reply.study,
    seriesInstanceUID: reply.series,
    sopInstanceUIDs: reply.sopInstanceUIDs,
    sopClassUIDs: reply.sopClassUIDs,
  };
}
