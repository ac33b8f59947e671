import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Secrets the gateway hands out (session ids, share tokens, setup tokens, CSRF tokens) are random
 * base64url strings; only their SHA-256 is stored, so a copy of the database opens nothing.
 */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** Compares two secrets without leaking where they differ (hashing first equalises the lengths). */
export function secretsEqual(a: string, b: string): boolean {
  const da = createHash('sha256').update(a, 'utf8').digest();
  const db = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(da, db);
}

/** Share tokens: 192 random bits (the design asks for 128 or more), 32 base64url characters. */
export const SHARE_TOKEN_BYTES = 24;
const BASE64URL = /^[A-Za-z0-9_-]{16,128}$/;

/** Cheap syntax check before any database work, so junk never reaches a query. */
export function looksLikeToken(value: string): boolean {
  return BASE64URL.test(value);
}
