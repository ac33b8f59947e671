import { describe, expect, it } from 'vitest';
import { createRandom } from '../../demo/random';
import { compileWildcard } from './wildcard';

/** The regex the matcher replaced, with `u` so `?` is one code point: exact, and fast enough on short inputs. */
function reference(pattern: string, value: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 'su').test(value);
}

/** Few distinct characters so patterns and values collide often; regex specials, a newline, an astral and a combining character. */
const ALPHABET = ['a', 'b', 'A', '^', '.', '\\', '[', '(', '$', '\n', 'é', '😀', '\u0301'];

function generator(seed: number) {
  const random = createRandom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const text = (max: number, extra: readonly string[] = []) =>
    Array.from({ length: Math.floor(random() * (max + 1)) }, () => pick([...ALPHABET, ...extra])).join('');
  return { random, pick, text };
}

describe('compileWildcard', () => {
  it.each([
    ['*', '', true],
    ['*', 'anything', true],
    ['?', '', false],
    ['?', '😀', true],
    ['??', '😀', false],
    ['a*b', 'ab', true],
    ['a*b', 'axxb', true],
    ['a*b', 'axxbx', false],
    ['*a*', 'bab', true],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['a.c', 'abc', false],
    ['a\\b', 'a\\b', true],
    ['[ab]', 'a', false],
    ['[ab]', '[ab]', true],
    ['*.*', 'x.y', true],
    ['DOE*', 'DOE^JOHN', true],
    ['doe*', 'DOE^JOHN', false],
    ['*\n*', 'a\nb', true],
    ['**********a', 'b'.repeat(64), false],
    ['*?*?*?*?*?*?*?*?!', 'x'.repeat(64), false],
    ['*?*?*?*?*?*?*?*?!', `${'x'.repeat(64)}!`, true],
  ])('%j against %j is %s', (pattern, value, expected) => {
    expect(compileWildcard(pattern)(value)).toBe(expected);
    // The hostile rows would hang the reference; the short ones pin the table to the old semantics.
    if (value.length <= 16) expect(reference(pattern, value)).toBe(expected);
  });

  it('agrees with the regex on 20 000 generated patterns and values', () => {
    const { random, text, pick } = generator(0x9e3779b9);
    let matched = 0;
    for (let i = 0; i < 20_000; i++) {
      // At most three stars keeps the backtracking reference fast on these short values.
      let stars = 0;
      const pattern = [...text(8, ['*', '?', '*', '?'])].map((c) => (c === '*' && ++stars > 3 ? '?' : c)).join('');
      // Half the values are built from the pattern, so matches are common, not a rare accident.
      const value =
        random() < 0.5
          ? text(10)
          : [...pattern].map((c) => (c === '*' ? text(3) : c === '?' ? pick(ALPHABET) : c)).join('');
      const expected = reference(pattern, value);
      if (expected) matched += 1;
      expect(compileWildcard(pattern)(value), `${JSON.stringify(pattern)} ${JSON.stringify(value)}`).toBe(expected);
    }
    expect(matched).toBeGreaterThan(5_000);
  });

  it('stays linear where the regex is exponential', () => {
    const started = performance.now();
    for (const [pattern, value] of [
      [`${'*'.repeat(64)}a`, 'b'.repeat(10_000)],
      [`${'*?'.repeat(32)}!`, 'x'.repeat(10_000)],
      [`${'*a'.repeat(32)}b`, 'a'.repeat(10_000)],
    ] as const) {
      expect(compileWildcard(pattern)(value)).toBe(false);
    }
    // Milliseconds in practice; the regex needs longer than the universe for the first one.
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
