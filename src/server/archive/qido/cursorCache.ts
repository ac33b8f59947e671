import type { SearchRequest } from '../../dicomweb/request';
import type { Cursor } from './qidoSql';

/**
 * Keyset paging behind QIDO-RS's offset: for each study list (the same keys) and offset that a
 * page ended at, the last study of that page. The next page then seeks to it through the sort
 * index instead of skipping `offset` rows, so page 1000 costs what page 1 costs, and studies
 * stored meanwhile neither repeat nor hide a study on the pages that follow. An offset no page
 * ended at (a direct jump), or one whose page is older than CURSOR_TTL_MS (the list may have
 * grown a lot since), is found afresh by a walk of the sort index, exact at that moment. Least
 * recently used entries go first.
 */
const CURSOR_TTL_MS = 10 * 60_000;

interface Entry {
  cursor: Cursor;
  at: number;
}

export class CursorCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly capacity = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Where the page at `request.offset` starts, when a page ended there. */
  get(request: SearchRequest): Cursor | undefined {
    if (request.level !== 'studies' || request.offset === 0) return undefined;
    const key = cacheKey(request, request.offset);
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    if (this.now() - entry.at > CURSOR_TTL_MS) return undefined;
    this.entries.set(key, entry);
    return entry.cursor;
  }

  /** Records that the page of `request`, `rows` studies long, ended at `last`. */
  remember(request: SearchRequest, rows: number, last: Cursor): void {
    const key = cacheKey(request, request.offset + rows);
    this.entries.delete(key);
    this.entries.set(key, { cursor: last, at: this.now() });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
}

function cacheKey(request: SearchRequest, offset: number): string {
  return JSON.stringify([request.study ?? null, request.filters.map((f) => [f.path, f.value]), offset]);
}
