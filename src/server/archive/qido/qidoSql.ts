/**
 * Turns a QIDO-RS search into one SQL statement over the index: keys on indexed columns become
 * plain SQL (IN, comparisons, =, GLOB) with the same meaning as matching.ts; every other key runs
 * matching.ts through the SQL functions of sqlFunctions.ts. Sorting and paging stay in SQL.
 */
import { dictionaryVr, keywordOf, type Tag } from '../../../dicom/tags';
import type { SearchFilter, SearchLevel, SearchRequest } from '../../dicomweb/request';
import { INDEXED_COLUMNS, type ColumnKind } from '../index/columns';
import { levelOf, type Level } from '../index/levels';
import { compileKey, compileMatcher, isUniversal, rangesOf, type ValueMatcher } from './matching';

export type RegisterKey = (path: readonly Tag[], matcher: ValueMatcher) => number;

export interface SqlPlan {
  sql: string;
  params: (string | number)[];
  /** Keys that were not applied, as Warning header texts. */
  warnings: string[];
}

export const QUERY_LEVEL: Record<SearchLevel, Level> = { studies: 'study', series: 'series', instances: 'instance' };
const ALIAS: Record<Level, string> = { study: 's', series: 'se', instance: 'i' };
const DEPTH: Record<Level, number> = { study: 0, series: 1, instance: 2 };
const TABLE: Record<Level, string> = { study: 'studies', series: 'series', instance: 'instances' };
const UID_COLUMN: Record<Level, string> = { study: 'study_uid', series: 'series_uid', instance: 'sop_uid' };

/** Computed return attributes; PS3.4 C.6.1.1 does not allow matching on them. */
const RETURN_ONLY = new Set<Tag>(['00201206', '00201208', '00201209', '00081190', '00080056']);
const SOP_CLASSES_IN_STUDY = '00080062';

const SELECT: Record<Level, string> = {
  study: 's.study_uid, s.dataset AS study_dataset, s.modalities, s.series_count, s.instance_count',
  series: 'se.series_uid, se.dataset AS series_dataset, se.instance_count AS series_instance_count',
  instance: 'i.sop_uid, i.dataset AS instance_dataset',
};
const FROM: Record<Level, string> = {
  study: 'studies s',
  series: 'series se JOIN studies s ON s.study_uid = se.study_uid',
  instance: 'instances i JOIN series se ON se.series_uid = i.series_uid JOIN studies s ON s.study_uid = i.study_uid',
};
/** Studies newest first; series by SeriesNumber; instances by InstanceNumber; UIDs break ties so pages are stable. */
const ORDER: Record<Level, string> = {
  study: 's.study_date DESC, s.study_time DESC, s.study_uid',
  series: 's.study_date DESC, s.study_time DESC, s.study_uid, se.series_number IS NULL, se.series_number, se.series_uid',
  instance:
    's.study_date DESC, s.study_time DESC, s.study_uid, se.series_number IS NULL, se.series_number, se.series_uid, i.instance_number IS NULL, i.instance_number, i.sop_uid',
};

export function planSearch(request: SearchRequest, register: RegisterKey, limit: number, offset: number): SqlPlan {
  const level = QUERY_LEVEL[request.level];
  const where: string[] = [];
  const params: (string | number)[] = [];
  const warnings: string[] = [];
  if (request.study !== undefined) {
    where.push(`${ALIAS[level]}.study_uid = ?`);
    params.push(request.study);
  }
  if (request.series !== undefined) {
    where.push(`${ALIAS[level]}.series_uid = ?`);
    params.push(request.series);
  }
  for (const filter of request.filters) {
    const [tag] = filter.path;
    if (tag === undefined || isUniversal(dictionaryVr(tag), filter.value)) continue;
    if (RETURN_ONLY.has(tag)) {
      warnings.push(`${keywordOf(tag) ?? tag} is a return attribute, not a matching key; it was ignored`);
      continue;
    }
    where.push(keyPredicate(level, filter, register, params));
  }
  const sql = `SELECT ${[SELECT.study, level !== 'study' ? SELECT.series : '', level === 'instance' ? SELECT.instance : ''].filter(Boolean).join(', ')}
    FROM ${FROM[level]}${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''}
    ORDER BY ${ORDER[level]} LIMIT ? OFFSET ?`;
  return { sql, params: [...params, limit, offset], warnings };
}

/** A key on its own level's row when the query reaches it, else on any related row below (a relational query). */
function keyPredicate(queryLevel: Level, filter: SearchFilter, register: RegisterKey, params: (string | number)[]): string {
  const tag = filter.path[0]!;
  if (tag === SOP_CLASSES_IN_STUDY && queryLevel === 'study') {
    const uids = uidList(filter.value);
    params.push(...uids);
    return `EXISTS (SELECT 1 FROM instances x WHERE x.study_uid = s.study_uid AND x.sop_class_uid IN (${uids.map(() => '?').join(', ')}))`;
  }
  const keyLevel = levelOf(tag);
  if (DEPTH[keyLevel] <= DEPTH[queryLevel]) return rowPredicate(ALIAS[keyLevel], keyLevel, filter, register, params);
  const parent = queryLevel === 'study' ? 'study_uid' : 'series_uid';
  const inner = rowPredicate('x', keyLevel, filter, register, params);
  return `EXISTS (SELECT 1 FROM ${TABLE[keyLevel]} x WHERE x.${parent} = ${ALIAS[queryLevel]}.${parent} AND ${inner})`;
}

function rowPredicate(alias: string, level: Level, filter: SearchFilter, register: RegisterKey, params: (string | number)[]): string {
  const tag = filter.path[0]!;
  const column = filter.path.length === 1 ? INDEXED_COLUMNS[level].find((c) => c.tag === tag) : undefined;
  if (column === undefined) {
    const leaf = filter.path[filter.path.length - 1]!;
    return `qido_dataset(${alias}.dataset, ${register(filter.path, compileKey(leaf, filter.value))})`;
  }
  return columnPredicate(`${alias}.${column.column}`, column.kind, tag, filter.value, register, params);
}

function columnPredicate(column: string, kind: ColumnKind, tag: Tag, value: string, register: RegisterKey, params: (string | number)[]): string {
  const keyword = keywordOf(tag) ?? tag;
  switch (kind) {
    case 'uid': {
      const uids = uidList(value);
      params.push(...uids);
      return `${column} IN (${uids.map(() => '?').join(', ')})`;
    }
    case 'date': {
      const alternatives = rangesOf('DA', value, keyword).map(([low, high]) => {
        const bounds = [low === undefined ? '' : `${column} >= ?`, high === undefined ? '' : `${column} <= ?`].filter(Boolean);
        params.push(...[low, high].filter((b): b is string => b !== undefined));
        return `(${bounds.join(' AND ')})`;
      });
      return `(${alternatives.join(' OR ')})`;
    }
    case 'text': {
      const alternatives = value.split('\\').map((part) => {
        if (/[*?]/.test(part)) {
          // GLOB's * and ? are DICOM's; only its [ needs escaping.
          params.push(part.replace(/\[/g, '[[]'));
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
