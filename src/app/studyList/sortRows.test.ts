import { describe, expect, it } from 'vitest';
import { nextSort, parseSort, sortRows, sortToParam } from './sortRows';
import type { StudyRow } from './studyRow';

const row = (patientName: string, studyDate: string, instanceCount?: number): StudyRow => ({
  studyInstanceUID: `1.2.${patientName.length}.${studyDate || 0}`,
  patientName,
  patientId: '',
  birthDate: '',
  sex: '',
  studyDate,
  studyTime: '',
  modalities: [],
  description: '',
  accession: '',
  seriesCount: undefined,
  instanceCount,
});

const rows = [row('beta', '20240102', 10), row('Alpha', '', 2), row('gamma', '20230101', undefined)];
const names = (list: readonly StudyRow[]) => list.map((r) => r.patientName);

describe('sortRows', () => {
  it('keeps the server order without a sort', () => {
    expect(sortRows(rows, undefined)).toBe(rows);
  });
  it('sorts text case-insensitively', () => {
    expect(names(sortRows(rows, { key: 'name', descending: false }))).toEqual(['Alpha', 'beta', 'gamma']);
    expect(names(sortRows(rows, { key: 'name', descending: true }))).toEqual(['gamma', 'beta', 'Alpha']);
  });
  it('puts empty values last in both directions', () => {
    expect(names(sortRows(rows, { key: 'date', descending: false }))).toEqual(['gamma', 'beta', 'Alpha']);
    expect(names(sortRows(rows, { key: 'date', descending: true }))).toEqual(['beta', 'gamma', 'Alpha']);
    expect(names(sortRows(rows, { key: 'images', descending: true }))).toEqual(['beta', 'Alpha', 'gamma']);
  });
  it('sorts dates with and without a time, and dotted ACR-NEMA dates', () => {
    const dated = [
      { ...row('a', '19941105'), studyTime: '' },
      { ...row('b', '19860311'), studyTime: '114200.5' },
      { ...row('c', '1990.01.02'), studyTime: '0930' },
      { ...row('d', '19941105'), studyTime: '0001' },
    ];
    expect(names(sortRows(dated, { key: 'date', descending: false }))).toEqual(['b', 'c', 'a', 'd']);
  });
  it('sorts numbers as numbers', () => {
    expect(names(sortRows(rows, { key: 'images', descending: false }))).toEqual(['Alpha', 'beta', 'gamma']);
  });
  it('does not change its input', () => {
    sortRows(rows, { key: 'name', descending: false });
    expect(names(rows)).toEqual(['beta', 'Alpha', 'gamma']);
  });
});

describe('sort state', () => {
  it('cycles ascending, descending, server order', () => {
    const first = nextSort(undefined, 'date');
    expect(first).toEqual({ key: 'date', descending: false });
    const second = nextSort(first, 'date');
    expect(second).toEqual({ key: 'date', descending: true });
    expect(nextSort(second, 'date')).toBeUndefined();
    expect(nextSort(second, 'name')).toEqual({ key: 'name', descending: false });
  });
  it('round-trips through the URL form', () => {
    expect(parseSort(sortToParam({ key: 'images', descending: true }))).toEqual({ key: 'images', descending: true });
    expect(parseSort('-')).toBeUndefined();
  });
});
