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
import { ingestWarningsRoutes } from '../ingestWarnings/ingestWarningsRoutes';
import { dicomwebGuard } from '../sharing/dicomwebGuard';
import { patientApiRoutes } from '../sharing/patientApiRoutes';
import { patientForwardRoutes } from '../sharing/patientForwardRoutes';
import { patientLinkRoutes } from '../sharing/patientLinkRoutes';
import { patientSessionResolver } from '../sharing/patientSessionResolver';
import { shareApiRoutes } from '../sharing/shareApiRoutes';
import { shareCachePolicy } from '../sharing/shareCachePolicy';
import { shareLinkRoutes } from '../sharing/shareLinkRoutes';
import { shareSessionResolver } from '../sharing/shareSessionResolver';
import { QuarantineFiles } from '../quarantine/quarantineFiles';
import type { Clock } from '../store/clock';
import type { Store } from '../store/store';
import { storePlugin } from '../store/storePlugin';
import { uploadApiRoutes } from '../uploads/uploadApiRoutes';
import { uploadLinkRoutes } from '../uploads/uploadLinkRoutes';
import { uploadSessionResolver } from '../uploads/uploadSessionResolver';
import type { AccessSettings } from './accessSettings';

export interface AccessOptions {
  store: Store;
  clock: Clock;
  settings: AccessSettings;
  /** DATA_DIR: uploads through upload links wait in DATA_DIR/quarantine. */
  dataDir: string;
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
  const { store, clock, settings, backend, dataDir } = options;
  // Before any request: the quarantine's files and rows are made to agree after a crash.
  const quarantine = new QuarantineFiles(dataDir);
  const recovered = await quarantine.recover(store.uploads);
  if (Object.values(recovered).some((n) => n > 0))
    app.log.warn(recovered, 'Quarantine recovered after an unclean stop');
  await app.register(storePlugin, { store, clock });
  await app.register(auditPlugin);
  await app.register(authPlugin, {
    resolvers: [
      staffSessionResolver(store, clock, settings),
      shareSessionResolver(store, clock),
      patientSessionResolver(store, clock),
      uploadSessionResolver(store, clock),
    ],
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
  await app.register(patientApiRoutes, {
    backend,
    patientLinkMaxMs: settings.patientLinkMaxMs,
    institutionName: settings.institutionName,
  });
  await app.register(patientLinkRoutes, {
    backend,
    sessionMs: settings.shareSessionMs,
    institutionName: settings.institutionName,
  });
  await app.register(patientForwardRoutes, { shareMaxMs: settings.shareMaxMs });
  await app.register(downloadRoutes, { backend });
  await app.register(ingestWarningsRoutes, { backend });
  await app.register(uploadApiRoutes, { backend, quarantine, uploadLinkMaxMs: settings.uploadLinkMaxMs });
  await app.register(uploadLinkRoutes, {
    sessionMs: settings.shareSessionMs,
    institutionName: settings.institutionName,
  });
  await app.register(auditRoutes);
  await app.register(staffApiFallback);
  return dicomwebGuard(app, {
    backend,
    replyMaxBytes: settings.replyMaxBytes,
    quarantine,
    uploadLinkMaxBytes: settings.uploadLinkMaxBytes,
  });
}
