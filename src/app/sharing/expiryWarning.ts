/** How long before the end the recipient's banner warns. */
const WARN_BEFORE_MS = 10 * 60_000;
const TICK_MS = 15_000;
/** Browsers run a longer setTimeout at once (its delay overflows 32 bits); wake daily instead. */
export const MAX_TIMER_MS = 24 * 3_600_000;

interface Ends {
  expiresAt: number;
  sessionExpiresAt: number;
}

const endOf = (share: Ends) => Math.min(share.expiresAt, share.sessionExpiresAt);

/** The banner's warning from ten minutes before the link (or the viewing session) ends; none before or after. */
export function expiryWarning(share: Ends, now: number): string | undefined {
  const left = endOf(share) - now;
  if (left <= 0 || left > WARN_BEFORE_MS) return undefined;
  const minutes = Math.ceil(left / 60_000);
  const when = left < 60_000 ? 'in less than a minute' : `in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
  return share.expiresAt <= share.sessionExpiresAt
    ? `This link expires ${when}.`
    : `Your viewing session ends ${when}; open the link again to keep reading.`;
}

/** When the warning should be looked at again: at its start, then every 15 seconds until the end. */
export function nextWarningCheck(share: Ends, now: number): number | undefined {
  const left = endOf(share) - now;
  if (left <= 0) return undefined;
  if (left > WARN_BEFORE_MS) return Math.min(left - WARN_BEFORE_MS, MAX_TIMER_MS);
  return Math.min(TICK_MS, left);
}
