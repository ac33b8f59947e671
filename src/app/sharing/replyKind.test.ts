import { describe, expect, it } from 'vitest';
import { replyDocuments, replyKind } from './replyKind';

const KOS = '1.2.840.10008.5.1.4.1.1.88.59';
const ENHANCED_SR = '1.2.840.10008.5.1.4.1.1.88.22';
const COMPREHENSIVE_SR = '1.2.840.10008.5.1.4.1.1.88.33';

describe('replyKind', () => {
  it('names a reply by what its instances are', () => {
    expect(replyKind([ENHANCED_SR])).toBe('SR (report)');
    expect(replyKind([COMPREHENSIVE_SR, COMPREHENSIVE_SR])).toBe('SR (report)');
    expect(replyKind([KOS])).toBe('KOS (key images)');
    expect(replyKind([ENHANCED_SR, KOS])).toBe('SR + KOS');
  });
});

describe('replyDocuments', () => {
  it('says nothing until a reply came, then counts them', () => {
    expect(replyDocuments(0)).toBeUndefined();
    expect(replyDocuments(1)).toBe('1 document');
    expect(replyDocuments(3)).toBe('3 documents');
  });
});
