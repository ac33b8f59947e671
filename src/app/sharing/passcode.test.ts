import { describe, expect, it } from 'vitest';
import { generatePasscode, PASSCODE_ALPHABET } from './passcode';

describe('generatePasscode', () => {
  it('is three groups of four from an alphabet without look-alikes', () => {
    for (let i = 0; i < 200; i++) {
      const passcode = generatePasscode();
      expect(passcode).toMatch(/^[^-]{4}-[^-]{4}-[^-]{4}$/);
      for (const c of passcode.replace(/-/g, '')) expect(PASSCODE_ALPHABET).toContain(c);
    }
    for (const lookAlike of ['0', 'O', 'o', '1', 'l', 'I']) expect(PASSCODE_ALPHABET).not.toContain(lookAlike);
  });

  it('uses the whole alphabet without bias from the random bytes', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 2000; i++)
      for (const c of generatePasscode().replace(/-/g, '')) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(PASSCODE_ALPHABET.length);
    const expected = (2000 * 12) / PASSCODE_ALPHABET.length;
    for (const count of counts.values()) expect(Math.abs(count - expected) / expected).toBeLessThan(0.35);
  });
});
