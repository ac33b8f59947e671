import { describe, expect, it } from 'vitest';
import { AnswerCache } from './answerCache';

const bytes = (n: number) => Buffer.alloc(n, 1);

describe('answer cache', () => {
  it('drops the least recently used answers once over its size', () => {
    const cache = new AnswerCache(10);
    cache.set('"a"', bytes(4));
    cache.set('"b"', bytes(4));
    expect(cache.get('"a"')).toHaveLength(4);
    cache.set('"c"', bytes(4));
    expect(cache.get('"b"')).toBeUndefined();
    expect(cache.get('"a"')).toHaveLength(4);
    expect(cache.get('"c"')).toHaveLength(4);
    expect(cache.size).toBe(8);
  });

  it('keeps nothing larger than itself, and counts an answer stored again once', () => {
    const cache = new AnswerCache(10);
    cache.set('"big"', bytes(11));
    expect(cache.get('"big"')).toBeUndefined();
    cache.set('"a"', bytes(6));
    cache.set('"a"', bytes(3));
    expect(cache.size).toBe(3);
    expect(cache.get('"a"')).toHaveLength(3);
  });
});
