import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { createAuditTally, TALLY_WINDOW_MS, type AuditTally } from './auditTally';
import { createAuditTrail, type AuditTrail } from './auditTrail';

declare module 'fastify' {
  interface FastifyInstance {
    audit: AuditTrail;
    /** Refusals and probes counted per minute instead of one record per request. */
    auditTally: AuditTally;
  }
}

/** Shared infrastructure: auth, sharing and the DICOMweb guard all write to the one trail. */
export const auditPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorate('audit', createAuditTrail(app.store.auditLog, app.clock));
    app.decorate('auditTally', createAuditTally(app.audit, app.clock));
    // A quiet minute still gets its summaries written; unref: the timer never keeps the process up.
    const timer = setInterval(() => {
      app.auditTally.flushEnded().catch((error: unknown) => {
        app.log.error({ err: error }, 'audit summaries could not be written');
      });
    }, TALLY_WINDOW_MS).unref();
    // onClose hooks run last-registered first, so this runs before the store plugin closes the database.
    app.addHook('onClose', async () => {
      clearInterval(timer);
      await app.auditTally.flushAll();
    });
  },
  { name: 'secondread-audit', fastify: '5.x', dependencies: ['secondread-store'] },
);
