import { describe, expect, it } from 'vitest';
import { canExtend, shareStatus } from './shareStatus';

const NOW = Date.parse('2030-03-10T09:30:00Z');
const live = {
  revokedAt: undefined,
  expiresAt: NOW + 3_600_000,
  maxOpens: undefined,
  opens: 0,
  lockedUntil: undefined,
  passcodeBlocked: false,
};

describe('shareStatus', () => {
  it('is active while nothing stops the link', () => {
    expect(shareStatus(live, NOW)).toBe('active');
    expect(shareStatus({ ...live, maxOpens: 3, opens: 2 }, NOW)).toBe('active');
    expect(shareStatus({ ...live, lockedUntil: NOW - 1 }, NOW)).toBe('active');
  });

  it('expires at its end, not a moment later', () => {
    expect(shareStatus(live, live.expiresAt - 1)).toBe('active');
    expect(shareStatus(live, live.expiresAt)).toBe('expired');
  });

  it('is used up at maxOpens and locked while a passcode lock lasts', () => {
    expect(shareStatus({ ...live, maxOpens: 3, opens: 3 }, NOW)).toBe('exhausted');
    expect(shareStatus({ ...live, lockedUntil: NOW + 60_000 }, NOW)).toBe('locked');
  });

  it('stays locked while the passcode budget is used up, however long ago', () => {
    expect(shareStatus({ ...live, passcodeBlocked: true }, NOW)).toBe('locked');
    const longLived = { ...live, expiresAt: NOW + 30 * 86_400_000, passcodeBlocked: true, lockedUntil: NOW - 60_000 };
    expect(shareStatus(longLived, NOW + 7 * 86_400_000)).toBe('locked');
  });

  it('ranks revoked over expired over used up over locked, as the server does', () => {
    const everything = {
      revokedAt: NOW - 10,
      expiresAt: NOW - 5,
      maxOpens: 1,
      opens: 1,
      lockedUntil: NOW + 60_000,
      passcodeBlocked: false,
    };
    expect(shareStatus(everything, NOW)).toBe('revoked');
    expect(shareStatus({ ...everything, revokedAt: undefined }, NOW)).toBe('expired');
    expect(shareStatus({ ...everything, revokedAt: undefined, expiresAt: NOW + 1 }, NOW)).toBe('exhausted');
    expect(shareStatus({ ...everything, revokedAt: undefined, expiresAt: NOW + 1, maxOpens: undefined }, NOW)).toBe(
      'locked',
    );
  });
});

describe('canExtend', () => {
  it('extends live, expired and locked links, not revoked or used-up ones', () => {
    expect(['active', 'expired', 'locked'].every((s) => canExtend(s as 'active'))).toBe(true);
    expect(canExtend('revoked')).toBe(false);
    expect(canExtend('exhausted')).toBe(false);
  });
});
