import type { Share } from '../store/shares';
import { linkState } from './linkState';

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

/** A share as the API shows it to its sender or an admin: never the token or passcode hash. */
export function shareSummary(share: Share, now: number, lastOpenedAt: number | undefined) {
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
    passcodeProtected: share.passcodeHash !== undefined,
    maxOpens: share.maxOpens ?? null,
    opens: share.opens,
    lockedUntil: share.lockedUntil !== undefined && share.lockedUntil > now ? iso(share.lockedUntil) : null,
    passcodeBlocked: share.passcodeBlockedAt !== undefined,
    passcodeFailures: share.passcodeFailures,
    lastOpenedAt: iso(lastOpenedAt),
  };
}

const nullableString = { type: ['string', 'null'] } as const;

export const shareSummarySchema = {
  type: 'object',
  required: [
    'id',
    'senderName',
    'createdAt',
    'expiresAt',
    'status',
    'studies',
    'allowDownload',
    'passcodeProtected',
    'opens',
  ],
  properties: {
    id: { type: 'string' },
    label: nullableString,
    message: nullableString,
    senderName: { type: 'string' },
    createdBy: { type: 'string' },
    createdAt: { type: 'string' },
    expiresAt: { type: 'string' },
    revokedAt: nullableString,
    status: { type: 'string', enum: ['active', 'revoked', 'expired', 'exhausted', 'locked'] },
    studies: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          studyInstanceUID: { type: 'string' },
          seriesInstanceUIDs: { type: 'array', items: { type: 'string' } },
        },
      },
    },
    seriesScoped: { type: 'boolean' },
    allowDownload: { type: 'boolean' },
    passcodeProtected: { type: 'boolean' },
    maxOpens: { type: ['integer', 'null'] },
    opens: { type: 'integer' },
    lockedUntil: nullableString,
    passcodeBlocked: { type: 'boolean' },
    passcodeFailures: { type: 'integer' },
    lastOpenedAt: nullableString,
  },
} as const;
