/**
 * QIDO-RS attribute matching (PS3.18 8.3.4, PS3.4 C.2.2.2) as pure functions over DICOM JSON.
 * The SQL in qidoSql.ts is a faster path for indexed columns and must agree with these.
 *
 * - Universal matching: an empty value, or `*` alone on a non-date VR, matches everything.
 * - Single value matching: exact and case-sensitive, except PN, which matches case-insensitively
 *   (users type "doe^john" for DOE^JOHN; PS3.4 C.2.2.2.1 leaves PN case sensitivity to the SCP).
 *   A PN key matches any one component group (Alphabetic, Ideographic or Phonetic), or the whole
 *   name when the key itself has `=`; trailing `^` and spaces are insignificant in both.
 * - Wildcards `*` (any run) and `?` (one character, a Unicode code point) on string VRs other than
 *   UI, DA, TM and DT, matched in linear time by wildcard.ts.
 * - UID list matching: UI keys take values separated by `\` or `,` (PS3.18 8.3.4.1).
 * - Range matching on DA, TM and DT: `a-b`, `a-`, `-b` (PS3.4 C.2.2.2.5); a DT key's time zone
 *   offset is ignored. Combined StudyDate+StudyTime matching (C.2.2.2.5.1) is not done.
 * - Multiple values: a key with `\` matches when any of its values matches (C.2.2.2.8); a
 *   multi-valued attribute matches when any of its values matches.
 * - Numbers (IS, DS, US, …) match by numeric equality.
 * - Sequence matching: a path of tags matches when any item matches the rest of the path.
 * - An attribute that is absent or empty matches only universal keys.
 */
import type { DicomJsonDataset, DicomJsonElement, DicomJsonValue } from '../../../dicom/json';
import { dictionaryVr, keywordOf, type Tag } from '../../../dicom/tags';
import { badRequest } from '../../errors';
import { compileWildcard, hasWildcard } from './wildcard';

export type ValueMatcher = (element: DicomJsonElement | undefined) => boolean;

const WILDCARD_VRS = new Set(['AE', 'AS', 'CS', 'LO', 'LT', 'PN', 'SH', 'ST', 'UC', 'UR', 'UT']);
const SINGLE_VALUED_TEXT = new Set(['LT', 'ST', 'UT', 'UR']);
const NUMBER_VRS = new Set(['IS', 'DS', 'US', 'SS', 'UL', 'SL', 'FL', 'FD', 'UV', 'SV']);
const isRangeVr = (vr: string): vr is 'DA' | 'TM' | 'DT' => vr === 'DA' || vr === 'TM' || vr === 'DT';

/** True when the key matches every entity, so it filters nothing. */
export function isUniversal(vr: string | undefined, query: string): boolean {
  return query === '' || (query === '*' && !isRangeVr(vr ?? ''));
}

/** Compiles a key for one VR. Throws HttpError 400 for a malformed date, time or range. */
export function compileMatcher(vr: string, query: string, keyword = 'value'): ValueMatcher {
  if (isUniversal(vr, query)) return () => true;
  if (vr === 'UI') {
    const uids = new Set(query.split(/[\\,]/).map((uid) => uid.trim()));
    return (element) => values(element).some((v) => typeof v === 'string' && uids.has(v));
  }
  if (isRangeVr(vr)) {
    const ranges = rangesOf(vr, query, keyword);
    return (element) =>
      values(element).some((v) => {
        if (typeof v !== 'string') return false;
        const point = canonicalMoment(vr, v);
        return (
          point !== undefined &&
          ranges.some(([low, high]) => (low === undefined || point >= low) && (high === undefined || point <= high))
        );
      });
  }
  const keys = SINGLE_VALUED_TEXT.has(vr) ? [query] : query.split('\\');
  if (NUMBER_VRS.has(vr)) {
    const numbers = keys.map((k) => Number(k.trim())).filter((n) => Number.isFinite(n));
    return (element) => values(element).some((v) => numbers.includes(typeof v === 'number' ? v : Number(v)));
  }
  const tests = keys.map((key) => textTest(vr, key));
  if (vr === 'PN') {
    return (element) => values(element).some((v) => personNameForms(v).some((form) => tests.some((t) => t(form))));
  }
  return (element) => values(element).some((v) => typeof v === 'string' && tests.some((t) => t(v)));
}

/** Compiles a filter whose VR comes from the dictionary or, for other tags, from each element. */
export function compileKey(tag: Tag, query: string): ValueMatcher {
  const known = dictionaryVr(tag);
  const keyword = keywordOf(tag) ?? tag;
  if (known !== undefined) return compileMatcher(known, query, keyword);
  const byVr = new Map<string, ValueMatcher>();
  return (element) => {
    if (element === undefined) return isUniversal(undefined, query);
    let matcher = byVr.get(element.vr);
    if (matcher === undefined) {
      matcher = compileMatcher(element.vr, query, keyword);
      byVr.set(element.vr, matcher);
    }
    return matcher(element);
  };
}

/** Matches a (possibly nested) attribute path of a dataset against a compiled key. */
export function matchPath(dataset: DicomJsonDataset, path: readonly Tag[], matcher: ValueMatcher): boolean {
  const [head, ...rest] = path;
  if (head === undefined) return false;
  const element = dataset[head];
  if (rest.length === 0) return matcher(element);
  if (matcher(undefined)) return true;
  return (element?.Value ?? []).some((item) => isDataset(item) && matchPath(item, rest, matcher));
}

function isDataset(value: DicomJsonValue): value is DicomJsonDataset {
  return (
    typeof value === 'object' &&
    value !== null &&
    !('Alphabetic' in value || 'Ideographic' in value || 'Phonetic' in value)
  );
}

function values(element: DicomJsonElement | undefined): DicomJsonValue[] {
  return (element?.Value ?? []).filter((v) => v !== null);
}

function textTest(vr: string, key: string): (value: string) => boolean {
  const caseless = vr === 'PN';
  const normalized = caseless ? normalizePersonName(key).toLowerCase() : key;
  if (WILDCARD_VRS.has(vr) && hasWildcard(normalized)) {
    const test = compileWildcard(normalized);
    return caseless ? (value) => test(value.toLowerCase()) : test;
  }
  return caseless ? (value) => value.toLowerCase() === normalized : (value) => value === normalized;
}

/** The strings a PN key is compared with: each component group, and the whole name (the index stores them lowercased). */
export function personNameForms(value: DicomJsonValue): string[] {
  if (typeof value === 'string') return [normalizePersonName(value)];
  if (typeof value !== 'object' || value === null) return [];
  const groups = [value.Alphabetic, value.Ideographic, value.Phonetic].map((g) =>
    typeof g === 'string' ? normalizePersonName(g) : '',
  );
  const whole = groups.join('=').replace(/=+$/, '');
  return [...groups.filter((g) => g !== ''), whole];
}

/** Trailing `^` and spaces of each component group dropped, and empty trailing groups. */
export function normalizePersonName(name: string): string {
  return name
    .split('=')
    .map((group) => group.replace(/[\^ ]+$/, ''))
    .join('=')
    .replace(/=+$/, '');
}

type Range = [low: string | undefined, high: string | undefined];

/** The canonical [low, high] bounds of each value of a DA, TM or DT key (for SQL on indexed columns). */
export function rangesOf(vr: 'DA' | 'TM' | 'DT', query: string, keyword: string): Range[] {
  return query.split('\\').map((part) => parseRange(vr, part, keyword));
}

/** Value shapes (PS3.5 6.2); a DT may end with a UTC offset. Non-capturing so they nest in RANGES. */
const SHAPES: Record<string, RegExp> = {
  DA: /^\d{8}$/,
  TM: /^\d{2}(?:\d{2}(?:\d{2}(?:\.\d{1,6})?)?)?$/,
  DT: /^\d{4}(?:\d{2}(?:\d{2}(?:\d{2}(?:\d{2}(?:\d{2}(?:\.\d{1,6})?)?)?)?)?)?(?:[+-]\d{4})?$/,
};
const RANGES: Record<string, RegExp> = Object.fromEntries(
  Object.entries(SHAPES).map(([vr, shape]) => [
    vr,
    new RegExp(`^(${shape.source.slice(1, -1)})?-(${shape.source.slice(1, -1)})?$`),
  ]),
);
const EXAMPLES: Record<string, string> = { DA: 'YYYYMMDD', TM: 'HHMMSS', DT: 'YYYYMMDDHHMMSS' };

/** One key value as [low, high]; a single value is the range of everything it names ("2020" as DT is the whole year). */
function parseRange(vr: string, part: string, keyword: string): Range {
  const value = part.trim().replace(/:/g, '');
  if (SHAPES[vr]!.test(value))
    return [canonicalBound(vr, value, 'low', keyword), canonicalBound(vr, value, 'high', keyword)];
  const match = RANGES[vr]!.exec(value);
  const low = match?.[1];
  const high = match?.[2];
  if (!match || (low === undefined && high === undefined)) throw invalid(vr, part, keyword);
  return [
    low === undefined ? undefined : canonicalBound(vr, low, 'low', keyword),
    high === undefined ? undefined : canonicalBound(vr, high, 'high', keyword),
  ];
}

function canonicalBound(vr: string, value: string, side: 'low' | 'high', keyword: string): string {
  if (!SHAPES[vr]!.test(value)) throw invalid(vr, value, keyword);
  return pad(vr, value.replace(/[+-]\d{4}$/, ''), side === 'low' ? '0' : '9');
}

/** A stored DA/TM/DT value in a form that compares as a string; undefined when it is not one. */
export function canonicalMoment(vr: string, value: string): string | undefined {
  const cleaned = value.trim().replace(vr === 'DA' ? /\./g : /:/g, '');
  if (!SHAPES[vr]!.test(cleaned)) return undefined;
  return pad(vr, cleaned.replace(/[+-]\d{4}$/, ''), '0');
}

/** Pads to full precision: a low bound with zeros, a high bound with nines, so "13" as an upper time covers 13:59:59.999999. */
function pad(vr: string, value: string, digit: '0' | '9'): string {
  const width = vr === 'DA' ? 8 : vr === 'TM' ? 6 : 14;
  const [whole = '', fraction = ''] = value.split('.');
  if (vr === 'DA') return whole;
  return `${whole.padEnd(width, digit)}.${fraction.padEnd(6, digit)}`;
}

function invalid(vr: string, value: string, keyword: string) {
  return badRequest(
    `${keyword}: "${value.slice(0, 40)}" is not a DICOM ${vr === 'DA' ? 'date' : vr === 'TM' ? 'time' : 'date-time'} or range (${EXAMPLES[vr]}, ${EXAMPLES[vr]}-${EXAMPLES[vr]}, ${EXAMPLES[vr]}- or -${EXAMPLES[vr]})`,
    'INVALID_QUERY_VALUE',
  );
}
