import { describe, expect, it } from 'vitest';
import { forwardExpiry } from './forwardExpiry';

const now = Date.parse('2030-01-01T00:00:00Z');
const days = (n: number) => now + n * 86_400_000;

describe('forwardExpiry', () => {
  it('takes a preset that ends before the patient link', () => {
    expect(forwardExpiry({ preset: '7d' }, days(90), now)).toEqual({ ok: true, seconds: 604_800 });
  });

  it('refuses a choice past the patient link, naming its end', () => {
    const result = forwardExpiry({ preset: '30d' }, days(10), now);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/^Your own link ends .+: pick a time before that\.$/);
  });

  it('"until my link ends" lasts exactly as long, unless that is under a minute', () => {
    expect(forwardExpiry('linkEnd', days(10), now)).toEqual({ ok: true, seconds: 864_000 });
    expect(forwardExpiry('linkEnd', now + 30_000, now).ok).toBe(false);
  });

  it('passes on the picker’s own refusals', () => {
    expect(forwardExpiry({ custom: 'not a date' }, days(10), now)).toEqual({
      ok: false,
      message: 'Pick the date and time the link should stop working.',
    });
  });
});
