import { describe, expect, it } from 'vitest';
import type { SearchRequest } from '../../dicomweb/request';
import { CursorCache } from './cursorCache';

const request = (offset: number, value = 'DOE*'): SearchRequest => ({
  kind: 'search',
  level: 'studies',
  filters: [{ path: ['00100010'], value }],
  includefield: [],
  limit: 10,
  offset,
  fuzzymatching: false,
});
const cursor = (n: number) => ({ sortKey: `2024010${n}`, studyUid: `1.2.${n}` });

describe('CursorCache', () => {
  it('gives the next page of the same keys the cursor where the page ended', () => {
    const cache = new CursorCache();
    cache.remember(request(0), 10, cursor(1));
    expect(cache.get(request(10))).toEqual(cursor(1));
    expect(cache.get(request(10, 'ROE*'))).toBeUndefined();
    expect(cache.get(request(20))).toBeUndefined();
    expect(cache.get(request(0))).toBeUndefined();
    expect(cache.get({ ...request(10), level: 'series' })).toBeUndefined();
  });

  it('forgets the least recently used beyond its capacity, and cursors past their time', () => {
    let now = 0;
    const cache = new CursorCache(2, () => now);
    cache.remember(request(0), 10, cursor(1));
    cache.remember(request(10), 10, cursor(2));
    expect(cache.get(request(10))).toEqual(cursor(1));
    cache.remember(request(20), 10, cursor(3));
    expect(cache.get(request(20))).toBeUndefined();
    expect(cache.get(request(10))).toEqual(cursor(1));
    expect(cache.get(request(30))).toEqual(cursor(3));
    now = 11 * 60_000;
    expect(cache.get(request(10))).toBeUndefined();
  });
});
