import type { Query } from '../../dicomweb/client';
import { isDatePreset, studyDateRange, type DatePreset } from './dateRange';
import { containsKey, patientNameKey, prefixKey } from './matchKeys';
import { parseSort, sortToParam, type Sort } from './sortRows';

/** The study list's view state. It lives in the URL query, so a search can be bookmarked and shared. */
export interface StudySearch {
  name: string;
  id: string;
  accession: string;
  description: string;
  /** One modality code (ModalitiesInStudy) or '' for any. */
  modality: string;
  date: DatePreset;
  /** Custom range bounds as YYYY-MM-DD ('' when open). */
  from: string;
  to: string;
  /** 1-based. */
  page: number;
  pageSize: number;
  /** Client-side order within the page; undefined keeps the server's order. */
  sort: Sort | undefined;
}

export const PAGE_SIZES = [25, 50, 100] as const;
const DEFAULT_PAGE_SIZE = 50;

export const MODALITIES = [
  'CT',
  'MR',
  'CR',
  'DX',
  'MG',
  'US',
  'XA',
  'RF',
  'NM',
  'PT',
  'OT',
  'SC',
  'SR',
  'SEG',
  'RTSTRUCT',
  'RTDOSE',
  'ECG',
  'SM',
] as const;

export const EMPTY_SEARCH: StudySearch = {
  name: '',
  id: '',
  accession: '',
  description: '',
  modality: '',
  date: 'any',
  from: '',
  to: '',
  page: 1,
  pageSize: DEFAULT_PAGE_SIZE,
  sort: undefined,
};

/** Short URL keys: the address bar is part of the UI. */
const TEXT_KEYS = {
  name: 'name',
  id: 'id',
  accession: 'acc',
  description: 'desc',
  modality: 'mod',
  from: 'from',
  to: 'to',
} as const;

/** Reads the view state from the URL; anything unknown or malformed falls back to the default. */
export function searchFromParams(params: URLSearchParams): StudySearch {
  const search: StudySearch = { ...EMPTY_SEARCH };
  for (const [field, key] of Object.entries(TEXT_KEYS) as [keyof typeof TEXT_KEYS, string][]) {
    search[field] = params.get(key) ?? '';
  }
  search.modality = search.modality.toUpperCase();
  const date = params.get('date') ?? '';
  if (isDatePreset(date)) search.date = date;
  const page = Number(params.get('page'));
  if (Number.isInteger(page) && page >= 1) search.page = page;
  const size = Number(params.get('size'));
  if ((PAGE_SIZES as readonly number[]).includes(size)) search.pageSize = size;
  search.sort = parseSort(params.get('sort') ?? '');
  return search;
}

/** Writes only what differs from the default, so a fresh list has a clean address. */
export function searchToParams(search: StudySearch): URLSearchParams {
  const params = new URLSearchParams();
  for (const [field, key] of Object.entries(TEXT_KEYS) as [keyof typeof TEXT_KEYS, string][]) {
    const value = search[field].trim();
    if (value === '') continue;
    if ((field === 'from' || field === 'to') && search.date !== 'custom') continue;
    params.set(key, value);
  }
  if (search.date !== 'any') params.set('date', search.date);
  if (search.page !== 1) params.set('page', String(search.page));
  if (search.pageSize !== DEFAULT_PAGE_SIZE) params.set('size', String(search.pageSize));
  if (search.sort) params.set('sort', sortToParam(search.sort));
  return params;
}

/**
 * Attributes the list shows beyond the study-level defaults of PS3.18 table 10.6.3-3: servers
 * need not return StudyDescription unless asked, and some omit the counts.
 */
const INCLUDE_FIELDS = [
  'StudyDescription',
  'NumberOfStudyRelatedSeries',
  'NumberOfStudyRelatedInstances',
  'ModalitiesInStudy',
];

/**
 * The QIDO-RS query for one page. It asks for one study more than the page holds: if that one
 * arrives there is a next page, without counting matches (which would scan a 100k-study archive).
 */
export function studyQuery(search: StudySearch, today: Date): Query {
  return {
    PatientName: patientNameKey(search.name),
    PatientID: prefixKey(search.id),
    AccessionNumber: prefixKey(search.accession),
    StudyDescription: containsKey(search.description),
    ModalitiesInStudy: search.modality || undefined,
    StudyDate: studyDateRange(search.date, search.from, search.to, today),
    includefield: INCLUDE_FIELDS,
    limit: search.pageSize + 1,
    offset: (search.page - 1) * search.pageSize,
  };
}

/** True when the search filters anything (used to word the empty state). */
export function hasFilters(search: StudySearch): boolean {
  return (
    [search.name, search.id, search.accession, search.description, search.modality].some((v) => v.trim() !== '') ||
    search.date !== 'any'
  );
}
