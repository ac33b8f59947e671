import { describe, expect, it } from 'vitest';
import { EMPTY_SEARCH, hasFilters, searchFromParams, searchToParams, studyQuery } from './studySearch';

const today = new Date(2024, 2, 3);

describe('search state in the URL', () => {
  it('round-trips every field', () => {
    const search = {
      ...EMPTY_SEARCH,
      name: 'smith',
      id: 'P1',
      accession: 'A9',
      description: 'head',
      modality: 'CT',
      date: 'custom' as const,
      from: '2024-01-01',
      to: '2024-01-31',
      page: 3,
      pageSize: 25,
      sort: { key: 'date' as const, descending: true },
    };
    const params = searchToParams(search);
    expect(params.toString()).toBe(
      'name=smith&id=P1&acc=A9&desc=head&mod=CT&from=2024-01-01&to=2024-01-31&date=custom&page=3&size=25&sort=-date',
    );
    expect(searchFromParams(params)).toEqual(search);
  });
  it('writes nothing for the default view', () => {
    expect(searchToParams(EMPTY_SEARCH).toString()).toBe('');
  });
  it('drops custom bounds unless the range is custom', () => {
    expect(searchToParams({ ...EMPTY_SEARCH, date: '7d', from: '2024-01-01' }).toString()).toBe('date=7d');
  });
  it('falls back to defaults for malformed values', () => {
    const search = searchFromParams(new URLSearchParams('page=-2&size=7&date=someday&sort=colour'));
    expect(search).toEqual(EMPTY_SEARCH);
  });
});

describe('studyQuery', () => {
  it('builds the QIDO-RS query with paging one past the page', () => {
    const query = studyQuery(
      { ...EMPTY_SEARCH, name: 'smith', modality: 'MR', date: 'today', page: 2, pageSize: 25 },
      today,
    );
    expect(query).toMatchObject({
      PatientName: 'smith*',
      ModalitiesInStudy: 'MR',
      StudyDate: '20240303',
      limit: 26,
      offset: 25,
    });
    expect(query.includefield).toContain('StudyDescription');
  });
  it('leaves unused filters out', () => {
    const query = studyQuery(EMPTY_SEARCH, today);
    expect(query.PatientName).toBeUndefined();
    expect(query.StudyDate).toBeUndefined();
    expect(query).toMatchObject({ limit: 51, offset: 0 });
  });
  it('ignores the client-side sort', () => {
    const sorted = { ...EMPTY_SEARCH, sort: { key: 'name' as const, descending: false } };
    expect(studyQuery(sorted, today)).toEqual(studyQuery(EMPTY_SEARCH, today));
  });
});

describe('hasFilters', () => {
  it('is false for the default view and true once anything filters', () => {
    expect(hasFilters(EMPTY_SEARCH)).toBe(false);
    expect(hasFilters({ ...EMPTY_SEARCH, page: 4 })).toBe(false);
    expect(hasFilters({ ...EMPTY_SEARCH, date: '7d' })).toBe(true);
    expect(hasFilters({ ...EMPTY_SEARCH, name: 'x' })).toBe(true);
  });
});
