import type { Share, ShareStatus } from '../api/sharesApi';

/**
 * Where a link stands now, from its facts, in the server's order of precedence
 * (src/server/sharing/linkState.ts). The list was fetched a while ago; a link that expired since
 * must not still read "active".
 */
export function shareStatus(
  share: Pick<Share, 'revokedAt' | 'expiresAt' | 'maxOpens' | 'opens' | 'lockedUntil' | 'passcodeBlocked'>,
  now: number,
): ShareStatus {
  if (share.revokedAt !== undefined) return 'revoked';
  if (now >= share.expiresAt) return 'expired';
  if (share.maxOpens !== undefined && share.opens >= share.maxOpens) return 'exhausted';
  if (share.passcodeBlocked) return 'locked';
  if (share.lockedUntil !== undefined && share.lockedUntil > now) return 'locked';
  return 'active';
}

/** Wrong passcodes locked it, for 15 minutes or until now: its sender may let the recipient try again. */
export function canUnlock(status: ShareStatus): boolean {
  return status === 'locked';
}

/** A revoked link cannot change (the server answers 409), and a new expiry would not revive a used-up one. */
export function canExtend(status: ShareStatus): boolean {
  return status !== 'revoked' && status !== 'exhausted';
}

export const STATUS_LABELS: Record<ShareStatus, string> = {
  active: 'Active',
  expired: 'Expired',
  revoked: 'Revoked',
  exhausted: 'Used up',
  locked: 'Locked',
};
