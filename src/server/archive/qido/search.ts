import type { DicomJsonDataset } from '../../../dicom/json';
import type { RequestContext, SearchResult } from '../../dicomweb/backend';
import type { SearchRequest } from '../../dicomweb/request';
import type { Level } from '../index/levels';
import type { Db } from '../index/schema';
import { buildResult, type ResultRow } from './qidoResults';
import { planSearch, QUERY_LEVEL } from './qidoSql';
import { withKeys } from './sqlFunctions';

/** Most results one search returns (PS3.18 8.3.4.4); a series of 10 000 images still fits in one answer. */
export const MAX_RESULTS: Readonly<Record<Level, number>> = { study: 1000, series: 1000, instance: 10_000 };

/**
 * The longest one search's matching may hold the event loop (QIDO_DEADLINE_MS) before it answers
 * 503: every other request waits meanwhile. Keys SQL answers alone (UIDs, dates, text columns) never reach it.
 */
export const SEARCH_DEADLINE_MS = 100;

const FUZZY_WARNING = 'The fuzzymatching parameter is not supported. Only literal matching has been performed.';
const TRUNCATED_WARNING = 'The number of results exceeded the maximum supported by the server. Additional results can be requested.';

/** QIDO-RS over the index (PS3.18 10.6): one SQL query per page, results in the documented order. */
export function searchIndex(
  db: Db,
  request: SearchRequest,
  context: Pick<RequestContext, 'publicBase'>,
  maxResults: Readonly<Record<Level, number>> = MAX_RESULTS,
  deadlineMs = SEARCH_DEADLINE_MS,
): SearchResult {
  const level = QUERY_LEVEL[request.level];
  const max = maxResults[level];
  const limit = Math.min(request.limit ?? max, max);
  const representative = db.prepare<[string], { dataset: string }>(
    level === 'study' ? 'SELECT dataset FROM instances WHERE study_uid = ? LIMIT 1' : 'SELECT dataset FROM instances WHERE series_uid = ? LIMIT 1',
  );
  return withKeys(deadlineMs, (register) => {
    const plan = planSearch(request, register, limit + 1, request.offset);
    const rows = db.prepare<(string | number)[], ResultRow>(plan.sql).all(...plan.params);
    const warnings = [...plan.warnings];
    if (request.fuzzymatching) warnings.push(FUZZY_WARNING);
    // Only the server's cap earns a warning; a page the client asked for is just a page.
    if (rows.length > limit && limit < (request.limit ?? Infinity)) warnings.push(TRUNCATED_WARNING);
    const datasets = rows.slice(0, limit).map((row) =>
      buildResult(level, row, request, context.publicBase, () => {
        const found = representative.get(level === 'study' ? row.study_uid : (row.series_uid ?? ''));
        return found === undefined ? undefined : (JSON.parse(found.dataset) as DicomJsonDataset);
      }),
    );
    return { datasets, warnings };
  });
}
