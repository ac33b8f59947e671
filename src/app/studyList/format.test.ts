import { describe, expect, it } from 'vitest';
import { formatDicomDate, formatDicomTime, formatPersonName } from './format';

describe('formatPersonName', () => {
  it('shows family, given middle', () => {
    expect(formatPersonName('DOE^JANE^Q')).toBe('DOE, JANE Q');
    expect(formatPersonName('Hanke_Stadler')).toBe('Hanke_Stadler');
    expect(formatPersonName('^Jane')).toBe('Jane');
    expect(formatPersonName('Smith^John^^Dr^PhD')).toBe('Smith, Dr John PhD');
    expect(formatPersonName('')).toBe('');
  });
});

describe('DA and TM', () => {
  it('format well-formed values and pass others through', () => {
    expect(formatDicomDate('20150206')).toBe('2015-02-06');
    expect(formatDicomDate('2015.02.06')).toBe('2015-02-06');
    expect(formatDicomDate('2015-2-6')).toBe('2015-2-6');
    expect(formatDicomTime('133024.526')).toBe('13:30');
    expect(formatDicomTime('09')).toBe('09:00');
    expect(formatDicomTime('')).toBe('');
  });
});
