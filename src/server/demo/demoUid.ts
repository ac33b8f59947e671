/**
 * Deterministic UIDs for the generated demo studies, so links, tests and benchmarks stay stable
 * across runs. PS3.5 B.2 allows "2.25." followed by the decimal form of a 128-bit integer; here the
 * integer is the FNV-1a 128-bit hash of a fixed name instead of a random UUID. The result is at
 * most 44 characters, digits and dots only, with no leading zeros in any component.
 */
const FNV128_OFFSET = 0x6c62272e07bb014262b821756295c58dn;
const FNV128_PRIME = 0x0000000001000000000000000000013bn;
const MASK128 = (1n << 128n) - 1n;

const utf8 = new TextEncoder();

export function demoUid(name: string): string {
  let hash = FNV128_OFFSET;
  for (const byte of utf8.encode(name)) {
    hash ^= BigInt(byte);
    hash = (hash * FNV128_PRIME) & MASK128;
  }
  return `2.25.${hash.toString(10)}`;
}

/** Strict PS3.5 9.1 syntax: at most 64 characters, components without leading zeros. */
export function isStrictUid(value: string): boolean {
  return value.length <= 64 && /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))+$/.test(value);
}
