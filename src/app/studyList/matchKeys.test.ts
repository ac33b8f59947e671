import { describe, expect, it } from 'vitest';
import { containsKey, patientNameKey, prefixKey } from './matchKeys';

describe('patientNameKey', () => {
  it('turns plain text into a prefix match', () => {
    expect(patientNameKey('smith')).toBe('smith*');
    expect(patientNameKey('  Smith ')).toBe('Smith*');
  });
  it('reads "family, given" as PN components', () => {
    expect(patientNameKey('smith, jo')).toBe('smith^jo*');
    expect(patientNameKey('van der Berg,  Anna Maria')).toBe('van der Berg^Anna Maria*');
    expect(patientNameKey('smith,')).toBe('smith*');
  });
  it('keeps what the user typed when it has a wildcard', () => {
    expect(patientNameKey('*mit*')).toBe('*mit*');
    expect(patientNameKey('sm?th')).toBe('sm?th');
  });
  it('keeps an explicit component separator', () => {
    expect(patientNameKey('DOE^J')).toBe('DOE^J*');
  });
  it('means "no filter" when empty', () => {
    expect(patientNameKey('')).toBeUndefined();
    expect(patientNameKey('   ')).toBeUndefined();
  });
  it('drops backslashes, which would turn the key into a value list', () => {
    expect(patientNameKey('a\\b')).toBe('ab*');
    expect(patientNameKey('\\')).toBeUndefined();
  });
});

describe('prefixKey and containsKey', () => {
  it('match from the start, or anywhere', () => {
    expect(prefixKey('PLAST')).toBe('PLAST*');
    expect(containsKey('head')).toBe('*head*');
  });
  it('leave wildcard input alone', () => {
    expect(prefixKey('*123')).toBe('*123');
    expect(containsKey('CT*')).toBe('CT*');
  });
  it('mean "no filter" when empty', () => {
    expect(prefixKey(' ')).toBeUndefined();
    expect(containsKey('')).toBeUndefined();
  });
});
