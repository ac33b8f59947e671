import { expirySeconds, type ExpiryChoice } from '../sharing/expiry';
import { formatDateTime } from '../sharing/formatTime';

type ForwardExpiry = { ok: true; seconds: number } | { ok: false; message: string };

/**
 * Seconds a link for a doctor lasts: the patient's choice, but never past the patient's own
 * link, which the gateway refuses (EXPIRY_TOO_LONG); "until my link ends" is always on offer.
 */
export function forwardExpiry(choice: ExpiryChoice | 'linkEnd', linkEnd: number, now: number): ForwardExpiry {
  const untilEnd = Math.floor((linkEnd - now) / 1000);
  if (choice === 'linkEnd') return untilEnd >= 60 ? { ok: true, seconds: untilEnd } : tooLate(linkEnd);
  const chosen = expirySeconds(choice, now);
  if (!chosen.ok) return chosen;
  if (chosen.seconds > untilEnd)
    return { ok: false, message: `Your own link ends ${formatDateTime(linkEnd)}: pick a time before that.` };
  return chosen;
}

const tooLate = (linkEnd: number): ForwardExpiry => ({
  ok: false,
  message: `Your own link ends ${formatDateTime(linkEnd)}: too soon to send a new one.`,
});
