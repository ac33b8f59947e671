import type { PatientLink } from '../api/patientsApi';
import { formatShortDateTime } from '../sharing/formatTime';

/** A patient link's state for the list: revoked and expired are final; a lockout passes. */
export function patientLinkStatus(
  link: Pick<PatientLink, 'revokedAt' | 'expiresAt' | 'lockedUntil'>,
  now: number,
): string {
  if (link.revokedAt !== undefined) return 'Revoked';
  if (link.expiresAt <= now) return 'Expired';
  if (link.lockedUntil !== undefined && link.lockedUntil > now)
    return `Locked until ${formatShortDateTime(link.lockedUntil)} (wrong birth dates)`;
  return 'Active';
}
