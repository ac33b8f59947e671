import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { resolvePrincipal, type Principal, type PrincipalResolver } from './principal';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is asking; resolved once per request before any route runs. */
    principal: Principal;
  }
}

interface AuthPluginOptions {
  resolvers: readonly PrincipalResolver[];
}

/**
 * Resolves the principal of every request (shared infrastructure, hence fastify-plugin). It
 * decides nothing: each route context states what it requires (requireStaff, the DICOMweb
 * guard, the share routes), so a route added without a requirement is a visible choice.
 */
export const authPlugin = fp(
  async (app: FastifyInstance, { resolvers }: AuthPluginOptions) => {
    await app.register(fastifyCookie);
    // Declared without a default (Fastify refuses shared object defaults); the hook below sets it
    // before any handler runs.
    app.decorateRequest('principal');
    app.addHook('onRequest', async (request) => {
      request.principal = await resolvePrincipal(request, resolvers);
    });
  },
  { name: 'secondread-auth', fastify: '5.x', dependencies: ['secondread-store'] },
);
