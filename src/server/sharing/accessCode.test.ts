import { describe, expect, it } from 'vitest';
import { newAccessCode, normaliseAccessCode } from './accessCode';

describe('access codes', () => {
  it('are 12 Crockford base32 characters in three groups of four', () => {
    for (let i = 0; i < 200; i++) expect(newAccessCode()).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){2}$/);
  });

  it('differ from one call to the next (60 random bits)', () => {
    const codes = new Set(Array.from({ length: 1000 }, newAccessCode));
    expect(codes.size).toBe(1000);
  });

  it('read back as they were printed', () => {
    const code = newAccessCode();
    expect(normaliseAccessCode(code)).toBe(code.replaceAll('-', ''));
  });

  it('forgive case, spaces, dashes and the letters people read as digits', () => {
    expect(normaliseAccessCode('k7f4-92qm-x3tr')).toBe('K7F492QMX3TR');
    expect(normaliseAccessCode(' K7F4 92QM  X3TR ')).toBe('K7F492QMX3TR');
    expect(normaliseAccessCode('O0Il-LiOo-1234')).toBe('001111001234');
  });

  it('refuse what cannot be a code: wrong length, U, punctuation', () => {
    expect(normaliseAccessCode('K7F4-92QM-X3T')).toBeUndefined();
    expect(normaliseAccessCode('K7F4-92QM-X3TRR')).toBeUndefined();
    expect(normaliseAccessCode('K7F4-92QM-X3TU')).toBeUndefined();
    expect(normaliseAccessCode("K7F4-92QM-X3'R")).toBeUndefined();
    expect(normaliseAccessCode('')).toBeUndefined();
  });
});
