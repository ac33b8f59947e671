import { randomInt } from 'node:crypto';

/** Crockford's base32: no I, L, O or U, so what a patient reads off paper is hard to mistype. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const LENGTH = 12;

/**
 * A patient link's short access code: 12 Crockford base32 characters (60 random bits), grouped
 * in fours for reading aloud and typing: `K7F4-92QM-X3TR`.
 */
export function newAccessCode(): string {
  const chars = Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]!);
  return [0, 4, 8].map((start) => chars.slice(start, start + 4).join('')).join('-');
}

/**
 * The code as typed → the 12 characters it stands for, or undefined when it cannot be one:
 * case, spaces and dashes do not matter, and the letters people confuse with digits count as them
 * (O → 0, I and L → 1), as Crockford's decoding rule says.
 */
export function normaliseAccessCode(typed: string): string | undefined {
  const code = typed
    .toUpperCase()
    .replace(/[\s-]+/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (code.length !== LENGTH) return undefined;
  for (const c of code) if (!ALPHABET.includes(c)) return undefined;
  return code;
}
