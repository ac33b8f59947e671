import { describe, expect, it } from 'vitest';
import { dictionaryVr, keywordOf, tagOf } from './tags';

describe('tags', () => {
  it('maps keywords and tags both ways', () => {
    expect(tagOf('PatientName')).toBe('00100010');
    expect(tagOf('0020000d')).toBe('0020000D');
    expect(keywordOf('0020000D')).toBe('StudyInstanceUID');
    expect(dictionaryVr('00100010')).toBe('PN');
  });
  it('rejects unknown keywords and malformed tags', () => {
    expect(tagOf('NotAKeyword')).toBeUndefined();
    expect(tagOf('0010001')).toBeUndefined();
    expect(tagOf('../etc')).toBeUndefined();
  });
});
