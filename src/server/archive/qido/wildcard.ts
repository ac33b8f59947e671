/**
 * DICOM wildcard matching (`*` any run, `?` one character) in time linear in the value for each
 * pattern character: the classic iterative glob with one backtrack point, the last `*` seen.
 * A backtracking regex (`^.*.*a$`) is exponential in the number of stars and once blocked the
 * gateway for minutes on one query. "Character" means Unicode code point, for every VR, the
 * same as SQLite's GLOB on the indexed text columns.
 */
const STAR = -1;
const ANY = -2;

type WildcardTest = (value: string) => boolean;

/** True when the key uses `*` or `?`. */
export const hasWildcard = (key: string): boolean => /[*?]/.test(key);

/** Compiles a wildcard pattern; both pattern and value are compared exactly, code point by code point. */
export function compileWildcard(pattern: string): WildcardTest {
  const tokens: number[] = [];
  for (const char of pattern) {
    const token = char === '*' ? STAR : char === '?' ? ANY : char.codePointAt(0)!;
    // A run of stars matches what one star matches; keeping one bounds the work.
    if (token !== STAR || tokens[tokens.length - 1] !== STAR) tokens.push(token);
  }
  return (value) => matches(tokens, value);
}

/** O(value × tokens) at worst: each backtrack moves the last star's start one code point on. */
function matches(tokens: readonly number[], value: string): boolean {
  let t = 0;
  let v = 0;
  let starToken = -1;
  let starValue = 0;
  while (v < value.length) {
    const point = value.codePointAt(v)!;
    const token = tokens[t];
    if (token === ANY || token === point) {
      t += 1;
      v += width(point);
    } else if (token === STAR) {
      starToken = t;
      starValue = v;
      t += 1;
    } else if (starToken >= 0) {
      starValue += width(value.codePointAt(starValue)!);
      t = starToken + 1;
      v = starValue;
    } else {
      return false;
    }
  }
  while (tokens[t] === STAR) t += 1;
  return t === tokens.length;
}

const width = (point: number) => (point > 0xffff ? 2 : 1);
