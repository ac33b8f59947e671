import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { DICOMWEB_PREFIX } from '../dicomweb/routes';

const SHARE_CACHE_CONTROL = 'private, no-store';
const DATA_PREFIXES = [DICOMWEB_PREFIX, '/api/'];

/**
 * What a share or patient session receives (images, metadata, its own session facts) is never kept by the
 * browser: a cached frame would outlive a revoked link. Staff answers keep their own caching, and
 * the app's static files stay cacheable for everyone.
 */
export const shareCachePolicy = fp(
  async (app: FastifyInstance) => {
    app.addHook('onSend', async (request, reply) => {
      if (request.principal.kind !== 'share' && request.principal.kind !== 'patient') return;
      if (!DATA_PREFIXES.some((prefix) => request.url === prefix || request.url.startsWith(prefix))) return;
      reply.header('cache-control', SHARE_CACHE_CONTROL);
    });
  },
  { name: 'secondread-share-cache-policy', fastify: '5.x', dependencies: ['secondread-auth'] },
);
