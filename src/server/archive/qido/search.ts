import type { DicomJsonDataset } from '../../../dicom/json';
import type { RequestContext, SearchResult } from '../../dicomweb/backend';
import type { SearchRequest } from '../../dicomweb/request';
import type { Level } from '../../../dicom/levels';
import type { Db } from '../index/schema';
import { buildResult, type ResultRow } from './qidoResults';
import { planSearch, QUERY_LEVEL, type Candidates, type Cursor } from './qidoSql';
import { withKeys } from './sqlFunctions';

/** Most results one search returns (PS3.18 8.3.4.4); a series of 10 000 images still fits in one answer. */
export const MAX_RESULTS: Readonly<Record<Level, number>> = { study: 1000, series: 1000, instance: 10_000 };

/**
 * The longest one search's matching may run (QIDO_DEADLINE_MS) before it answers 503. Searches run
 * in worker threads (searchPool.ts), so this bounds the work, not the gateway's other requests.
 * Keys SQL answers alone (the study-list keys, UIDs, dates) never reach it.
 */
export const SEARCH_DEADLINE_MS = 100;

/**
 * A study-list key with fewer candidate studies than this drives the search (they are sorted);
 * one with more leaves the list to be walked in order, where its matches are frequent enough to
 * fill a page soon. Measured at 100 000 studies (bench --archive-scale): 1000 made a 1 % name
 * prefix walk, five times slower than sorting its candidates.
 */
const DRIVER_LIMIT = 2000;

const FUZZY_WARNING = 'The fuzzymatching parameter is not supported. Only literal matching has been performed.';
const TRUNCATED_WARNING =
  'The number of results exceeded the maximum supported by the server. Additional results can be requested.';

export interface IndexSearch {
  result: SearchResult;
  /** The last study of a full study-level page: where the next page starts (cursorCache.ts). */
  last?: Cursor;
}

/**
 * QIDO-RS over the index (PS3.18 10.6): one SQL query per page, results in the documented order.
 * A study-level page starts after `after` when given (the page before it ended there); otherwise
 * after the study found at `offset - 1` by a walk of the sort index that reads no study rows.
 */
export function searchIndex(
  db: Db,
  request: SearchRequest,
  context: Pick<RequestContext, 'publicBase'>,
  maxResults: Readonly<Record<Level, number>> = MAX_RESULTS,
  deadlineMs = SEARCH_DEADLINE_MS,
  after?: Cursor,
): IndexSearch {
  const level = QUERY_LEVEL[request.level];
  const max = maxResults[level];
  const limit = Math.min(request.limit ?? max, max);
  const representative = db.prepare<[string], { dataset: string }>(
    level === 'study'
      ? 'SELECT dataset FROM instances WHERE study_uid = ? LIMIT 1'
      : 'SELECT dataset FROM instances WHERE series_uid = ? LIMIT 1',
  );
  return withKeys(deadlineMs, (register) => {
    // Both plans of a jump offer the same candidates: count them once.
    let choice: { driver: number | undefined } | undefined;
    const choose = (candidates: readonly Candidates[]) => (choice ??= { driver: fewest(db, candidates) }).driver;
    let start = after;
    let beyondEnd = false;
    if (level === 'study' && start === undefined && request.offset > 0) {
      // A jump: the study before the page, found on the sort index alone, then a seek from it.
      const locate = planSearch(request, register, { limit: 1, offset: request.offset - 1 }, choose, 'keys');
      const before = db
        .prepare<(string | number)[], Pick<ResultRow, 'sort_key' | 'study_uid'>>(locate.sql)
        .get(...locate.params);
      if (before === undefined) beyondEnd = true;
      else start = { sortKey: before.sort_key, studyUid: before.study_uid };
    }
    const plan = planSearch(request, register, { limit: limit + 1, offset: request.offset, after: start }, choose);
    const rows = beyondEnd ? [] : db.prepare<(string | number)[], ResultRow>(plan.sql).all(...plan.params);
    const warnings = [...plan.warnings];
    if (request.fuzzymatching) warnings.push(FUZZY_WARNING);
    // Only the server's cap earns a warning; a page the client asked for is just a page.
    if (rows.length > limit && limit < (request.limit ?? Infinity)) warnings.push(TRUNCATED_WARNING);
    const page = rows.slice(0, limit);
    const datasets = page.map((row) =>
      buildResult(level, row, request, context.publicBase, () => {
        const found = representative.get(level === 'study' ? row.study_uid : (row.series_uid ?? ''));
        return found === undefined ? undefined : (JSON.parse(found.dataset) as DicomJsonDataset);
      }),
    );
    const end = page[page.length - 1];
    const last =
      level === 'study' && page.length === limit && end !== undefined
        ? { sortKey: end.sort_key, studyUid: end.study_uid }
        : undefined;
    return { result: { datasets, warnings }, last };
  });
}

/** The candidates with the fewest studies, counted no further than DRIVER_LIMIT; none when all reach it. */
function fewest(db: Db, candidates: readonly Candidates[]): number | undefined {
  let best: number | undefined;
  let bestCount = DRIVER_LIMIT;
  for (const [i, { sql, params }] of candidates.entries()) {
    const count =
      db
        .prepare<(string | number)[], { n: number }>(`SELECT count(*) AS n FROM (${sql} LIMIT ${DRIVER_LIMIT})`)
        .get(...params)?.n ?? 0;
    if (count < bestCount) {
      best = i;
      bestCount = count;
    }
    if (count === 0) break;
  }
  return best;
}
