import { describe, expect, it } from 'vitest';
import { describeDuration, expirySeconds, parseLocalDateTime, toLocalDateTime } from './expiry';

const NOW = new Date(2030, 2, 10, 9, 30, 0).getTime();

describe('expirySeconds', () => {
  it('gives each preset its length', () => {
    expect(expirySeconds({ preset: '1h' }, NOW)).toEqual({ ok: true, seconds: 3600 });
    expect(expirySeconds({ preset: '24h' }, NOW)).toEqual({ ok: true, seconds: 86_400 });
    expect(expirySeconds({ preset: '7d' }, NOW)).toEqual({ ok: true, seconds: 7 * 86_400 });
    expect(expirySeconds({ preset: '30d' }, NOW)).toEqual({ ok: true, seconds: 30 * 86_400 });
  });

  it('counts a custom end in local time from now', () => {
    expect(expirySeconds({ custom: '2030-03-10T11:00' }, NOW)).toEqual({ ok: true, seconds: 90 * 60 });
    expect(expirySeconds({ custom: '2030-03-12T09:30' }, NOW)).toEqual({ ok: true, seconds: 2 * 86_400 });
  });

  it('refuses a custom end that is missing, malformed, past or under a minute away', () => {
    for (const custom of ['', 'tomorrow', '2030-02-31T10:00', '2030-03-10T09:00', '2030-03-10T09:30']) {
      expect(expirySeconds({ custom }, NOW).ok).toBe(false);
    }
    expect(expirySeconds({ custom: '2030-03-10T09:31' }, NOW)).toEqual({ ok: true, seconds: 60 });
  });
});

describe('local date-time values', () => {
  it('round-trip at minute precision', () => {
    expect(toLocalDateTime(NOW)).toBe('2030-03-10T09:30');
    expect(parseLocalDateTime(toLocalDateTime(NOW))).toBe(NOW);
    expect(parseLocalDateTime('2030-03-10T09:30:15')).toBe(NOW + 15_000);
  });
});

describe('describeDuration', () => {
  it('uses the largest whole unit', () => {
    expect(describeDuration(2_592_000)).toBe('30 days');
    expect(describeDuration(86_400)).toBe('1 day');
    expect(describeDuration(7_200)).toBe('2 hours');
    expect(describeDuration(300)).toBe('5 minutes');
  });
});
