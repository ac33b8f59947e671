import type { StudyRow } from './studyRow';

export const SORT_KEYS = [
  'name',
  'id',
  'birth',
  'sex',
  'date',
  'modality',
  'description',
  'accession',
  'images',
] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface Sort {
  key: SortKey;
  descending: boolean;
}

/** URL form: "date" ascending, "-date" descending. */
export function parseSort(param: string): Sort | undefined {
  const descending = param.startsWith('-');
  const key = descending ? param.slice(1) : param;
  return (SORT_KEYS as readonly string[]).includes(key) ? { key: key as SortKey, descending } : undefined;
}

export function sortToParam(sort: Sort): string {
  return `${sort.descending ? '-' : ''}${sort.key}`;
}

/** A header click cycles ascending → descending → the server's order. */
export function nextSort(current: Sort | undefined, key: SortKey): Sort | undefined {
  if (current?.key !== key) return { key, descending: false };
  return current.descending ? undefined : { key, descending: true };
}

/**
 * DA + TM as one number (YYYYMMDDHHMMSS), so a study without a time sorts as midnight instead of
 * as a shorter string; ACR-NEMA's dotted dates ("1994.11.05") count too.
 */
function dateTimeNumber(da: string, tm: string): number | undefined {
  const date = da.replace(/\./g, '');
  if (!/^\d{8}$/.test(date)) return undefined;
  const time = (/^\d{2,6}/.exec(tm)?.[0] ?? '').padEnd(6, '0');
  return Number(`${date}${time}`);
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

function sortValue(row: StudyRow, key: SortKey): string | number | undefined {
  switch (key) {
    case 'name':
      return row.patientName;
    case 'id':
      return row.patientId;
    case 'birth':
      return row.birthDate;
    case 'sex':
      return row.sex;
    case 'date':
      return dateTimeNumber(row.studyDate, row.studyTime);
    case 'modality':
      return row.modalities.join(',');
    case 'description':
      return row.description;
    case 'accession':
      return row.accession;
    case 'images':
      return row.instanceCount;
  }
}

/**
 * Orders one page of results. Only the page is sorted: ordering the whole result would mean
 * fetching every match. Empty values go last in both directions, so blanks never hide the data.
 */
export function sortRows(rows: readonly StudyRow[], sort: Sort | undefined): readonly StudyRow[] {
  if (!sort) return rows;
  const direction = sort.descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = sortValue(a, sort.key);
    const y = sortValue(b, sort.key);
    const xEmpty = x === undefined || x === '';
    const yEmpty = y === undefined || y === '';
    if (xEmpty || yEmpty) return xEmpty === yEmpty ? 0 : xEmpty ? 1 : -1;
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y));
    return order * direction;
  });
}
