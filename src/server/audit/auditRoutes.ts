import type { FastifyInstance } from 'fastify';
import { errorSchema } from '../auth/authSchemas';
import { requireCsrf, requireStaff } from '../auth/guards';
import { toFhirBundle } from './fhirAuditEvent';
import { verifyChain } from './verifyChain';

const exportQuery = {
  type: 'object',
  required: ['format'],
  additionalProperties: false,
  properties: {
    format: { type: 'string', enum: ['fhir'] },
    afterId: { type: 'integer', minimum: 0, default: 0 },
    limit: { type: 'integer', minimum: 1, maximum: 10000, default: 1000 },
  },
} as const;

const verdictSchema = {
  type: 'object',
  required: ['ok', 'count'],
  properties: {
    ok: { type: 'boolean' },
    count: { type: 'integer' },
    brokenId: { type: 'integer' },
    reason: { type: 'string' },
  },
} as const;

/** Admin-only reading of the trail: FHIR R4 export (IHE BALP) and an on-demand chain check. */
export async function auditRoutes(app: FastifyInstance) {
  app.addHook('onRequest', requireStaff(['admin']));
  app.addHook('onRequest', requireCsrf);

  app.get<{ Querystring: { format: 'fhir'; afterId: number; limit: number } }>(
    '/api/audit/export',
    { schema: { querystring: exportQuery, response: { '4xx': errorSchema } } },
    async (request, reply) => {
      const rows = await app.store.auditLog.page(request.query.afterId, request.query.limit);
      // Serialised here: a response schema for a 3 MB FHIR model would add nothing the tests' validator does not.
      return reply.type('application/fhir+json; charset=utf-8').send(JSON.stringify(toFhirBundle(rows, app.clock())));
    },
  );

  app.get('/api/audit/verify', { schema: { response: { 200: verdictSchema, '4xx': errorSchema } } }, async () =>
    verifyChain(app.store.auditLog),
  );
}
