import type { Share } from '../store/shares';

/** Where a link stands at a moment; the order of checks is the order of precedence. */
type LinkState = 'revoked' | 'expired' | 'exhausted' | 'locked' | 'active';

export function linkState(share: Share, now: number): LinkState {
  if (share.revokedAt !== undefined) return 'revoked';
  if (now >= share.expiresAt) return 'expired';
  if (share.maxOpens !== undefined && share.opens >= share.maxOpens) return 'exhausted';
  if (share.passcodeBlockedAt !== undefined) return 'locked';
  if (share.lockedUntil !== undefined && share.lockedUntil > now) return 'locked';
  return 'active';
}
