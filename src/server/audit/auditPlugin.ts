import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { createAuditTrail, type AuditTrail } from './auditTrail';

declare module 'fastify' {
  interface FastifyInstance {
    audit: AuditTrail;
  }
}

/** Shared infrastructure: auth, sharing and the DICOMweb guard all write to the one trail. */
export const auditPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorate('audit', createAuditTrail(app.store.auditLog, app.clock));
  },
  { name: 'secondread-audit', fastify: '5.x', dependencies: ['secondread-store'] },
);
