import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

interface SecurityHeadersOptions {
  /** Extra connect-src sources (origins of DICOMweb servers the app may reach in direct mode). */
  connectSrc: readonly string[];
}

/**
 * One Content-Security-Policy for every response, HTML or not: module workers take their
 * policy from their own script's response, and the decode workers compile WASM codecs, so
 * scripts need 'wasm-unsafe-eval' wherever they come from. No inline script anywhere;
 * style-src-attr allows style="" attributes only because Cornerstone's SVG text boxes set them
 * (drawTextBox), while <style> elements stay refused.
 */
export function contentSecurityPolicy(connectSrc: readonly string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "worker-src 'self' blob:",
    "img-src 'self' data: blob:",
    "style-src 'self'",
    "style-src-attr 'unsafe-inline'",
    ["connect-src 'self'", ...connectSrc].join(' '),
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Paths whose answers are personal or secret and must never sit in a shared or disk cache. */
const NO_STORE = /^\/(api|setup|s|p)(\/|$)/;

export const securityHeaders = fp(
  async (app: FastifyInstance, options: SecurityHeadersOptions) => {
    const csp = contentSecurityPolicy(options.connectSrc);
    app.addHook('onSend', async (request, reply) => {
      reply.header('content-security-policy', csp);
      reply.header('x-content-type-options', 'nosniff');
      reply.header('referrer-policy', 'no-referrer');
      reply.header('x-frame-options', 'DENY');
      reply.header('cross-origin-opener-policy', 'same-origin');
      reply.header('cross-origin-resource-policy', 'same-origin');
      reply.header('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=()');
      // Nothing here is for search engines: a share link that leaked into a crawler's path stays out of its index.
      reply.header('x-robots-tag', 'noindex, nofollow');
      if (request.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000');
      if (NO_STORE.test(request.url) && !request.url.endsWith('.css')) reply.header('cache-control', 'no-store');
    });
  },
  { name: 'secondread-security-headers', fastify: '5.x' },
);
