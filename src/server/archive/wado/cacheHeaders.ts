import { createHash } from 'node:crypto';
import type { BackendResponse } from '../../dicomweb/backend';

/** Frames, single instances and their bulk data never change under their URL once stored. */
export const IMMUTABLE = 'private, max-age=31536000, immutable';
/** Metadata and study or series retrievals change when instances are added or sent again. */
export const REVALIDATE = 'private, no-cache';

/** A strong entity tag over everything that shapes the representation. */
export function entityTag(...parts: (string | number)[]): string {
  return `"${createHash('sha256').update(parts.join('\n')).digest('base64url').slice(0, 32)}"`;
}

/** RFC 9110 13.1.2: If-None-Match compares weakly and `*` matches any current representation. */
function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((candidate) => candidate.trim() === '*' || opaque(candidate) === opaque(etag));
}

/** The 304 answer, or undefined when the client's copy is not current. */
export function notModified(
  ifNoneMatch: string | undefined,
  etag: string,
  cacheControl: string,
): BackendResponse | undefined {
  if (!matchesIfNoneMatch(ifNoneMatch, etag)) return undefined;
  return { status: 304, headers: { etag, 'cache-control': cacheControl, vary: 'accept' }, body: undefined };
}
