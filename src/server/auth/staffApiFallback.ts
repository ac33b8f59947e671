import type { FastifyInstance } from 'fastify';
import { errorSchema } from './authSchemas';
import { requireStaff } from './guards';

/**
 * Every /api path no route claims. Behind requireStaff, so without a session an unknown API path
 * answers 401 like a real one: nothing about which API routes exist is learned before sign-in.
 */
export async function staffApiFallback(app: FastifyInstance) {
  app.addHook('onRequest', requireStaff());
  for (const url of ['/api', '/api/*']) {
    app.route({
      method: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
      url,
      schema: { response: { 404: errorSchema } },
      handler: async (_request, reply) => reply.code(404).send({ error: 'NOT_FOUND', message: 'Not found' }),
    });
  }
}
