import type { DicomJsonDataset, DicomJsonElement } from '../../../dicom/json';
import type { Tag } from '../../../dicom/tags';
import { HttpError } from '../../errors';
import type { Db } from '../index/schema';
import { matchPath, type ValueMatcher } from './matching';

/**
 * SQL functions that run the pure matcher inside a query, so keys SQL cannot express still filter
 * before LIMIT/OFFSET and a page never needs the whole table in memory:
 * - qido_element(elementJson, key): a json column (one DICOM JSON element) against a key;
 * - qido_dataset(datasetJson, key): a stored dataset, along the key's tag path.
 * Keys are registered per search (queries run synchronously, so they never interleave).
 * Each call checks the search's deadline and throws (503) past it, so no key, however costly on
 * however many rows, keeps a search worker (searchPool.ts) from the next search.
 */
interface RegisteredKey {
  path: readonly Tag[];
  matcher: ValueMatcher;
}

const keys = new Map<number, RegisteredKey>();
let nextKey = 1;
let lastText: string | undefined;
let lastDataset: DicomJsonDataset | undefined;
let deadline = Infinity;

export const searchTooSlow = () =>
  new HttpError(
    503,
    'SEARCH_TOO_SLOW',
    'The search took too long; narrow it (for example fewer wildcards, or a date range or patient ID)',
  );

function checkDeadline(): void {
  if (performance.now() >= deadline) throw searchTooSlow();
}

export function registerSqlFunctions(db: Db): void {
  db.function('qido_element', { deterministic: false }, (json: unknown, id: unknown) => {
    checkDeadline();
    const key = keys.get(Number(id));
    if (key === undefined) return 0;
    const element = typeof json === 'string' ? (JSON.parse(json) as DicomJsonElement) : undefined;
    return key.matcher(element) ? 1 : 0;
  });
  db.function('qido_dataset', { deterministic: false }, (json: unknown, id: unknown) => {
    checkDeadline();
    const key = keys.get(Number(id));
    if (key === undefined || typeof json !== 'string') return 0;
    // Several keys on one row test the same dataset: parse it once.
    if (json !== lastText) {
      lastText = json;
      lastDataset = JSON.parse(json) as DicomJsonDataset;
    }
    return matchPath(lastDataset ?? {}, key.path, key.matcher) ? 1 : 0;
  });
}

/**
 * Registers keys for the duration of `run`; `register` returns the id to pass to the SQL functions.
 * The SQL functions throw searchTooSlow() once `run` has taken `deadlineMs`.
 */
export function withKeys<T>(
  deadlineMs: number,
  run: (register: (path: readonly Tag[], matcher: ValueMatcher) => number) => T,
): T {
  const ids: number[] = [];
  deadline = performance.now() + deadlineMs;
  try {
    return run((path, matcher) => {
      const id = nextKey++;
      keys.set(id, { path, matcher });
      ids.push(id);
      return id;
    });
  } finally {
    for (const id of ids) keys.delete(id);
    lastText = undefined;
    lastDataset = undefined;
    deadline = Infinity;
  }
}
