import { describe, expect, it } from 'vitest';
import { demoUid, isStrictUid } from './demoUid';

describe('demoUid', () => {
  it('derives the same 2.25 UID from the same name on every run', () => {
    expect(demoUid('secondread-demo/ct-phantom/study')).toBe(demoUid('secondread-demo/ct-phantom/study'));
    expect(demoUid('a')).not.toBe(demoUid('b'));
  });

  it('keeps UIDs within PS3.5 9.1: digits and dots, no leading zeros, at most 64 characters', () => {
    for (let i = 0; i < 2000; i++) {
      const uid = demoUid(`name ${i}`);
      expect(uid.startsWith('2.25.')).toBe(true);
      expect(uid.length).toBeLessThanOrEqual(44);
      expect(isStrictUid(uid), uid).toBe(true);
    }
  });

  it('rejects malformed UIDs', () => {
    for (const bad of ['', '1', '1..2', '1.02', '1.2.', 'a.b', `1.${'2'.repeat(63)}`]) {
      expect(isStrictUid(bad), bad).toBe(false);
    }
    expect(isStrictUid('1.2.0.840')).toBe(true);
  });
});
