import type { FastifyRequest } from 'fastify';

/**
 * CSRF's first line: a state-changing request must come from a page of this origin.
 *
 * Our `Referrer-Policy: no-referrer` makes browsers send `Origin: null` on same-origin POSTs
 * (Fetch, "serializing a request origin"), so `null` says nothing and Sec-Fetch-Site decides
 * instead: modern browsers send it on every request, and a sandboxed or cross-site page gets
 * `cross-site`. A request with neither (curl, scripts, old browsers) is let through here and
 * judged by the CSRF token or the secret in its URL, which it needs anyway.
 */
export function isSameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== 'null') return origin === `${request.protocol}://${request.host}`;
  const site = request.headers['sec-fetch-site'];
  return site === undefined || site === 'same-origin' || site === 'none';
}
