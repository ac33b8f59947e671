import { describe, expect, it } from 'vitest';
import { dicomDate, isDatePreset, isoToDicomDate, studyDateRange } from './dateRange';

const today = new Date(2024, 2, 3, 15, 30); // 3 March 2024, local time

describe('studyDateRange', () => {
  it('has no key for any date', () => {
    expect(studyDateRange('any', '2024-01-01', '', today)).toBeUndefined();
  });
  it('matches the local calendar day for today', () => {
    expect(studyDateRange('today', '', '', today)).toBe('20240303');
  });
  it('counts today and the six days before for the last 7 days, across month ends', () => {
    expect(studyDateRange('7d', '', '', today)).toBe('20240226-20240303');
  });
  it('counts 30 days, across a leap day', () => {
    expect(studyDateRange('30d', '', '', today)).toBe('20240203-20240303');
  });
  it('builds closed and open custom ranges', () => {
    expect(studyDateRange('custom', '2024-01-01', '2024-01-31', today)).toBe('20240101-20240131');
    expect(studyDateRange('custom', '2024-01-01', '', today)).toBe('20240101-');
    expect(studyDateRange('custom', '', '2024-01-31', today)).toBe('-20240131');
    expect(studyDateRange('custom', '2024-01-05', '2024-01-05', today)).toBe('20240105');
    expect(studyDateRange('custom', '', '', today)).toBeUndefined();
  });
  it('reads a reversed range the way it was meant', () => {
    expect(studyDateRange('custom', '2024-02-01', '2024-01-01', today)).toBe('20240101-20240201');
  });
  it('ignores malformed bounds', () => {
    expect(studyDateRange('custom', 'yesterday', '2024-01-31', today)).toBe('-20240131');
  });
});

describe('date helpers', () => {
  it('format DA and parse input values', () => {
    expect(dicomDate(new Date(2023, 11, 9))).toBe('20231209');
    expect(isoToDicomDate('2023-12-09')).toBe('20231209');
    expect(isoToDicomDate('2023-1-9')).toBeUndefined();
  });
  it('know the presets', () => {
    expect(isDatePreset('7d')).toBe(true);
    expect(isDatePreset('week')).toBe(false);
  });
});
