import type { FastifyRequest } from 'fastify';

/**
 * CSRF's first line: a state-changing request must come from a page of this origin. Browsers
 * send Origin on every cross-origin request and on same-origin POST/PUT/PATCH/DELETE; a request
 * without Origin (curl, scripts) is judged by Sec-Fetch-Site when present and otherwise by the
 * CSRF token or secret it must carry anyway.
 */
export function isSameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin !== undefined) return origin === `${request.protocol}://${request.host}`;
  const site = request.headers['sec-fetch-site'];
  return site === undefined || site === 'same-origin' || site === 'none';
}
