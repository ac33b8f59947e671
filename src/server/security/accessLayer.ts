import type { FastifyInstance } from 'fastify';
import { auditPlugin } from '../audit/auditPlugin';
import { auditRoutes } from '../audit/auditRoutes';
import { refusalAudit } from '../audit/refusalAudit';
import { authPlugin } from '../auth/authPlugin';
import { authRoutes } from '../auth/authRoutes';
import { setupRoutes } from '../auth/setupRoutes';
import { staffApiFallback } from '../auth/staffApiFallback';
import { staffSessionResolver } from '../auth/staffSessionResolver';
import type { DicomwebBackend } from '../dicomweb/backend';
import type { DicomwebGuard } from '../dicomweb/guard';
import { downloadRoutes } from '../download/downloadRoutes';
import { dicomwebGuard } from '../sharing/dicomwebGuard';
import { shareApiRoutes } from '../sharing/shareApiRoutes';
import { shareCachePolicy } from '../sharing/shareCachePolicy';
import { shareLinkRoutes } from '../sharing/shareLinkRoutes';
import { shareSessionResolver } from '../sharing/shareSessionResolver';
import type { Clock } from '../store/clock';
import type { Store } from '../store/store';
import { storePlugin } from '../store/storePlugin';
import type { AccessSettings } from './accessSettings';

export interface AccessOptions {
  store: Store;
  clock: Clock;
  settings: AccessSettings;
}

/**
 * Registers sign-in, share links and the audit trail, and returns the DICOMweb guard for the
 * /dicomweb routes. Shared infrastructure (store, audit trail, principal resolution) is wrapped
 * in fastify-plugin; every route group is its own encapsulated context, siblings of each other,
 * so the staff hooks never run on share routes or the other way round.
 */
export async function registerAccessLayer(
  app: FastifyInstance,
  options: AccessOptions & { backend: DicomwebBackend },
): Promise<DicomwebGuard> {
  const { store, clock, settings, backend } = options;
  await app.register(storePlugin, { store, clock });
  await app.register(auditPlugin);
  await app.register(authPlugin, {
    resolvers: [staffSessionResolver(store, clock, settings), shareSessionResolver(store, clock)],
  });
  await app.register(refusalAudit);
  await app.register(shareCachePolicy);

  await app.register(authRoutes, { sessionIdleMs: settings.sessionIdleMs, sessionMaxMs: settings.sessionMaxMs });
  await app.register(setupRoutes);
  await app.register(shareApiRoutes, { backend, shareMaxMs: settings.shareMaxMs });
  await app.register(shareLinkRoutes, {
    shareSessionMs: settings.shareSessionMs,
    institutionName: settings.institutionName,
  });
  await app.register(downloadRoutes, { backend });
  await app.register(auditRoutes);
  await app.register(staffApiFallback);
  return dicomwebGuard(app, { backend, replyMaxBytes: settings.replyMaxBytes });
}
