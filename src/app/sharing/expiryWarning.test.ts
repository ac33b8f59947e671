import { describe, expect, it } from 'vitest';
import { expiryWarning, nextWarningCheck } from './expiryWarning';

const MINUTE = 60_000;
const T0 = Date.parse('2030-01-01T09:00:00Z');
const link = { expiresAt: T0 + 60 * MINUTE, sessionExpiresAt: T0 + 4 * 60 * MINUTE };

describe('expiryWarning', () => {
  it('says nothing until ten minutes before the end, then counts the minutes left', () => {
    expect(expiryWarning(link, T0)).toBeUndefined();
    expect(expiryWarning(link, link.expiresAt - 10 * MINUTE - 1)).toBeUndefined();
    expect(expiryWarning(link, link.expiresAt - 10 * MINUTE)).toBe('This link expires in 10 minutes.');
    expect(expiryWarning(link, link.expiresAt - 90_000)).toBe('This link expires in 2 minutes.');
    expect(expiryWarning(link, link.expiresAt - MINUTE)).toBe('This link expires in 1 minute.');
    expect(expiryWarning(link, link.expiresAt - 1_000)).toBe('This link expires in less than a minute.');
    expect(expiryWarning(link, link.expiresAt)).toBeUndefined();
  });

  it('names the viewing session when it ends before the link', () => {
    const session = { expiresAt: T0 + 8 * 60 * MINUTE, sessionExpiresAt: T0 + 30 * MINUTE };
    expect(expiryWarning(session, T0 + 25 * MINUTE)).toBe(
      'Your viewing session ends in 5 minutes; open the link again to keep reading.',
    );
  });

  it('wakes at the start of the warning, then every 15 seconds, and not past the end', () => {
    expect(nextWarningCheck(link, T0)).toBe(50 * MINUTE);
    expect(nextWarningCheck(link, link.expiresAt - 5 * MINUTE)).toBe(15_000);
    expect(nextWarningCheck(link, link.expiresAt - 5_000)).toBe(5_000);
    expect(nextWarningCheck(link, link.expiresAt)).toBeUndefined();
    // Browsers fire longer timeouts at once; a 30-day link wakes daily instead.
    expect(
      nextWarningCheck({ expiresAt: T0 + 30 * 24 * 60 * MINUTE, sessionExpiresAt: T0 + 30 * 24 * 60 * MINUTE }, T0),
    ).toBe(24 * 60 * MINUTE);
  });
});
