/**
 * Turns a QIDO-RS search into one SQL statement over the index: the study-list keys read
 * study_terms (terms.ts), keys on indexed columns become plain SQL (IN, comparisons, =, GLOB), all
 * with the same meaning as matching.ts; every other key runs matching.ts through the SQL functions
 * of sqlFunctions.ts. Sorting and paging stay in SQL.
 */
import { dictionaryVr, keywordOf, type Tag } from '../../../dicom/tags';
import type { SearchFilter, SearchLevel, SearchRequest } from '../../dicomweb/request';
import { INDEXED_COLUMNS, type ColumnKind } from '../index/columns';
import { levelOf, type Level } from '../../../dicom/levels';
import {
  literalPrefix,
  longestLiteralRun,
  prefixUpperBound,
  TERM_FIELDS,
  termPatterns,
  type TermField,
} from '../index/terms';
import { compileKey, compileMatcher, isUniversal, rangesOf, type ValueMatcher } from './matching';

type RegisterKey = (path: readonly Tag[], matcher: ValueMatcher) => number;

interface SqlPlan {
  sql: string;
  params: (string | number)[];
  /** Keys that were not applied, as Warning header texts. */
  warnings: string[];
}

/** Where a study list page starts: just after this study in the list's order. */
export interface Cursor {
  sortKey: string;
  studyUid: string;
}

interface Page {
  limit: number;
  offset: number;
  /** Study level only: start after this study instead of skipping `offset` rows. */
  after?: Cursor;
}

/** A study-level key's matches as a query of study_uid values, which can drive the search. */
export interface Candidates {
  sql: string;
  params: (string | number)[];
}

/** Picks the candidates to drive the search from (the fewest), or none to walk the list in order. */
export type ChooseDriver = (candidates: readonly Candidates[]) => number | undefined;

interface Predicate {
  sql: string;
  params: (string | number)[];
  candidates?: Candidates;
}

export const QUERY_LEVEL: Record<SearchLevel, Level> = { studies: 'study', series: 'series', instances: 'instance' };
const ALIAS: Record<Level, string> = { study: 's', series: 'se', instance: 'i' };
const DEPTH: Record<Level, number> = { study: 0, series: 1, instance: 2 };
const TABLE: Record<Level, string> = { study: 'studies', series: 'series', instance: 'instances' };

/** Computed return attributes; PS3.4 C.6.1.1 does not allow matching on them. */
const RETURN_ONLY = new Set<Tag>(['00201206', '00201208', '00201209', '00081190', '00080056']);
const SOP_CLASSES_IN_STUDY = '00080062';
const STUDY_DATE = '00080020';

const SELECT: Record<Level, string> = {
  study: 's.study_uid, s.sort_key, s.dataset AS study_dataset, s.modalities, s.series_count, s.instance_count',
  series: 'se.series_uid, se.dataset AS series_dataset, se.instance_count AS series_instance_count',
  instance: 'i.sop_uid, i.dataset AS instance_dataset',
};
const FROM: Record<Level, string> = {
  study: 'studies s',
  series: 'series se JOIN studies s ON s.study_uid = se.study_uid',
  instance: 'instances i JOIN series se ON se.series_uid = i.series_uid JOIN studies s ON s.study_uid = i.study_uid',
};
/** Studies newest first (sortKey.ts); series by SeriesNumber; instances by InstanceNumber; UIDs break ties so pages are stable. */
const ORDER: Record<Level, string> = {
  study: 's.sort_key DESC, s.study_uid',
  series: 's.sort_key DESC, s.study_uid, se.series_number IS NULL, se.series_number, se.series_uid',
  instance:
    's.sort_key DESC, s.study_uid, se.series_number IS NULL, se.series_number, se.series_uid, i.instance_number IS NULL, i.instance_number, i.sop_uid',
};

/**
 * The search as one statement. At study level a selective study-list key drives it (its few
 * candidates are sorted, CROSS JOIN keeps SQLite from walking the whole list instead); otherwise
 * the list is walked in order along the sort index, from the start, from `page.after` or from a
 * StudyDate range, until the page is full.
 */
export function planSearch(
  request: SearchRequest,
  register: RegisterKey,
  page: Page,
  chooseDriver: ChooseDriver = () => undefined,
  /** 'keys': only each study's sort key and UID (study level), to find where a page starts. */
  select: 'rows' | 'keys' = 'rows',
): SqlPlan {
  const level = QUERY_LEVEL[request.level];
  const predicates: Predicate[] = [];
  const warnings: string[] = [];
  if (request.study !== undefined) predicates.push({ sql: `${ALIAS[level]}.study_uid = ?`, params: [request.study] });
  if (request.series !== undefined)
    predicates.push({ sql: `${ALIAS[level]}.series_uid = ?`, params: [request.series] });
  for (const filter of request.filters) {
    const [tag] = filter.path;
    if (tag === undefined || isUniversal(dictionaryVr(tag), filter.value)) continue;
    if (RETURN_ONLY.has(tag)) {
      warnings.push(`${keywordOf(tag) ?? tag} is a return attribute, not a matching key; it was ignored`);
      continue;
    }
    predicates.push(keyPredicate(level, filter, register));
  }
  const seek = level === 'study' && page.after !== undefined;
  if (seek) {
    const { sortKey, studyUid } = page.after!;
    predicates.push({
      sql: '(s.sort_key <= ? AND (s.sort_key < ? OR s.study_uid > ?))',
      params: [sortKey, sortKey, studyUid],
    });
  }
  const offered = level === 'study' ? predicates.flatMap((p) => (p.candidates === undefined ? [] : [p])) : [];
  const chosen = offered.length > 0 ? chooseDriver(offered.map((p) => p.candidates!)) : undefined;
  const driver = chosen === undefined ? undefined : offered[chosen];
  const rest = predicates.filter((p) => p !== driver);
  const columns =
    select === 'keys'
      ? 's.sort_key, s.study_uid'
      : [SELECT.study, level !== 'study' ? SELECT.series : '', level === 'instance' ? SELECT.instance : '']
          .filter(Boolean)
          .join(', ');
  const where = rest.length > 0 ? ` WHERE ${rest.map((p) => p.sql).join(' AND ')}` : '';
  const params = [
    ...(driver?.candidates!.params ?? []),
    ...rest.flatMap((p) => p.params),
    page.limit,
    seek ? 0 : page.offset,
  ];
  if (driver === undefined)
    return {
      sql: `SELECT ${columns} FROM ${FROM[level]}${where} ORDER BY ${ORDER[level]} LIMIT ? OFFSET ?`,
      params,
      warnings,
    };
  // The candidates are ordered on their sort keys alone; only the page's studies are read whole.
  const candidates = `SELECT DISTINCT study_uid FROM (${driver.candidates!.sql})`;
  const pageUids = `SELECT s.study_uid AS uid FROM (${candidates}) c CROSS JOIN studies s ON s.study_uid = c.study_uid${where} ORDER BY ${ORDER.study} LIMIT ? OFFSET ?`;
  return {
    sql: `SELECT ${columns} FROM (${pageUids}) p CROSS JOIN studies s ON s.study_uid = p.uid ORDER BY ${ORDER.study}`,
    params,
    warnings,
  };
}

/** A key on its own level's row when the query reaches it, else on any related row below (a relational query). */
function keyPredicate(queryLevel: Level, filter: SearchFilter, register: RegisterKey): Predicate {
  const tag = filter.path[0]!;
  const params: (string | number)[] = [];
  if (tag === SOP_CLASSES_IN_STUDY && queryLevel === 'study') {
    const uids = uidList(filter.value);
    params.push(...uids);
    return {
      sql: `EXISTS (SELECT 1 FROM instances x WHERE x.study_uid = s.study_uid AND x.sop_class_uid IN (${uids.map(() => '?').join(', ')}))`,
      params,
    };
  }
  const term = filter.path.length === 1 ? TERM_FIELDS.get(tag) : undefined;
  if (term !== undefined) return termPredicate(term, filter.value);
  const keyLevel = levelOf(tag);
  if (DEPTH[keyLevel] <= DEPTH[queryLevel]) {
    const sql = rowPredicate(ALIAS[keyLevel], keyLevel, filter, register, params);
    return tag === STUDY_DATE && filter.path.length === 1
      ? withSortKeyRange(filter.value, sql, params)
      : { sql, params };
  }
  const parent = queryLevel === 'study' ? 'study_uid' : 'series_uid';
  const inner = rowPredicate('x', keyLevel, filter, register, params);
  return {
    sql: `EXISTS (SELECT 1 FROM ${TABLE[keyLevel]} x WHERE x.${parent} = ${ALIAS[queryLevel]}.${parent} AND ${inner})`,
    params,
  };
}

/**
 * A StudyDate key of one range also bounds the sort key (which starts with the date), so the list
 * is walked from the range's first study instead of from the newest: a date range costs what the
 * first page costs. A blank date sorts below '0', so it stays out as the date predicate says.
 */
function withSortKeyRange(value: string, sql: string, params: (string | number)[]): Predicate {
  const ranges = rangesOf('DA', value, 'StudyDate');
  if (ranges.length !== 1) return { sql, params };
  const [low, high] = ranges[0]!;
  return {
    sql: `${sql} AND s.sort_key >= ? AND s.sort_key < ?`,
    params: [...params, low ?? '0', `${high ?? '99999999'}~`],
  };
}

/**
 * A study-list key on study_terms: GLOB is DICOM's wildcard matching (`*`, `?` per code point; only
 * `[` needs escaping), so the terms answer the key exactly. As candidates, each pattern reads the
 * cheapest index: the B-tree for an exact term or a literal prefix, the trigram index for three
 * literal characters in a row, else the field's terms in the B-tree (still no JavaScript).
 */
function termPredicate({ field, vr }: TermField, key: string): Predicate {
  const patterns = termPatterns(vr, key);
  const tests = patterns.map((p) => ('exact' in p ? 't.term = ?' : 't.term GLOB ?'));
  const values = patterns.map((p) => ('exact' in p ? p.exact : escapeGlob(p.glob)));
  const parts = patterns.map((p): Candidates => {
    if ('exact' in p)
      return { sql: 'SELECT study_uid FROM study_terms WHERE field = ? AND term = ?', params: [field, p.exact] };
    const glob = escapeGlob(p.glob);
    const prefix = literalPrefix(p.glob);
    if (prefix !== '' && !prefix.includes('[')) {
      const upper = prefixUpperBound(prefix);
      return {
        sql: `SELECT study_uid FROM study_terms WHERE field = ? AND term >= ?${upper === undefined ? '' : ' AND term < ?'} AND term GLOB ?`,
        params: [field, prefix, ...(upper === undefined ? [] : [upper]), glob],
      };
    }
    if (longestLiteralRun(p.glob) >= 3 && !p.glob.includes('[')) {
      return {
        sql: 'SELECT t.study_uid FROM study_terms_trigrams g CROSS JOIN study_terms t ON t.id = g.rowid WHERE g.term GLOB ? AND t.field = ? AND t.term GLOB ?',
        params: [glob, field, glob],
      };
    }
    return { sql: 'SELECT study_uid FROM study_terms WHERE field = ? AND term GLOB ?', params: [field, glob] };
  });
  return {
    sql: `EXISTS (SELECT 1 FROM study_terms t WHERE t.study_uid = s.study_uid AND t.field = ? AND (${tests.join(' OR ')}))`,
    params: [field, ...values],
    candidates: { sql: parts.map((p) => p.sql).join(' UNION ALL '), params: parts.flatMap((p) => p.params) },
  };
}

/** GLOB's `*` and `?` are DICOM's; its `[` starts a class, so a literal one is written `[[]`. */
function escapeGlob(pattern: string): string {
  return pattern.replace(/\[/g, '[[]');
}

function rowPredicate(
  alias: string,
  level: Level,
  filter: SearchFilter,
  register: RegisterKey,
  params: (string | number)[],
): string {
  const tag = filter.path[0]!;
  const column = filter.path.length === 1 ? INDEXED_COLUMNS[level].find((c) => c.tag === tag) : undefined;
  if (column === undefined) {
    const leaf = filter.path[filter.path.length - 1]!;
    return `qido_dataset(${alias}.dataset, ${register(filter.path, compileKey(leaf, filter.value))})`;
  }
  return columnPredicate(`${alias}.${column.column}`, column.kind, tag, filter.value, register, params);
}

function columnPredicate(
  column: string,
  kind: ColumnKind,
  tag: Tag,
  value: string,
  register: RegisterKey,
  params: (string | number)[],
): string {
  const keyword = keywordOf(tag) ?? tag;
  switch (kind) {
    case 'uid': {
      const uids = uidList(value);
      params.push(...uids);
      return `${column} IN (${uids.map(() => '?').join(', ')})`;
    }
    case 'date': {
      const alternatives = rangesOf('DA', value, keyword).map(([low, high]) => {
        const bounds = [low === undefined ? '' : `${column} >= ?`, high === undefined ? '' : `${column} <= ?`].filter(
          Boolean,
        );
        params.push(...[low, high].filter((b): b is string => b !== undefined));
        return `(${bounds.join(' AND ')})`;
      });
      return `(${alternatives.join(' OR ')})`;
    }
    case 'text': {
      const alternatives = value.split('\\').map((part) => {
        if (/[*?]/.test(part)) {
          params.push(escapeGlob(part));
          return `${column} GLOB ?`;
        }
        params.push(part);
        return `${column} = ?`;
      });
      return `(${alternatives.join(' OR ')})`;
    }
    case 'json':
      return `qido_element(${column}, ${register([tag], compileMatcher(dictionaryVr(tag) ?? 'CS', value, keyword))})`;
  }
}

function uidList(value: string): string[] {
  return value.split(/[\\,]/).map((uid) => uid.trim());
}
