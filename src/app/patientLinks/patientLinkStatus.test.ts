import { describe, expect, it } from 'vitest';
import { patientLinkStatus } from './patientLinkStatus';

const now = Date.parse('2030-01-01T12:00:00Z');
const active = { revokedAt: undefined, expiresAt: now + 1000, lockedUntil: undefined };

describe('patientLinkStatus', () => {
  it('names each state, revoked first', () => {
    expect(patientLinkStatus(active, now)).toBe('Active');
    expect(patientLinkStatus({ ...active, expiresAt: now }, now)).toBe('Expired');
    expect(patientLinkStatus({ ...active, expiresAt: now - 1, revokedAt: now - 5 }, now)).toBe('Revoked');
    expect(patientLinkStatus({ ...active, lockedUntil: now + 60_000 }, now)).toMatch(
      /^Locked until \d{4}-\d{2}-\d{2} \d{2}:\d{2} \(wrong birth dates\)$/,
    );
  });

  it('a lockout that passed leaves the link active', () => {
    expect(patientLinkStatus({ ...active, lockedUntil: now - 1 }, now)).toBe('Active');
  });
});
