import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/server/app';
import { createAuditTrail } from '../../../src/server/audit/auditTrail';
import { ensureFirstAdmin } from '../../../src/server/auth/firstAdmin';
import { createProxyBackend } from '../../../src/server/proxy/proxyBackend';
import { openStore, type Store } from '../../../src/server/store/store';
import { ADMIN, Client, SETTINGS, testClock } from './harness';

/** A gateway in proxy mode, in-process, on a store and DATA_DIR of its own, with the admin signed in. */
export interface ProxyGateway {
  app: FastifyInstance;
  store: Store;
  dataDir: string;
  admin: Client;
  close(): Promise<void>;
}

/** For specs that need an Orthanc of their own behind the whole access layer (links, replies, uploads). */
export async function startProxyGateway(upstreamUrl: string): Promise<ProxyGateway> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'secondread-proxy-gateway-'));
  const store = await openStore(dataDir);
  const clock = testClock();
  await ensureFirstAdmin(store, createAuditTrail(store.auditLog, clock.now), clock.now, ADMIN);
  const app = await buildApp({
    config: { maxUploadBytes: 64 * 1024 ** 2, staticDir: '/nonexistent', trustProxy: false, logLevel: 'silent' },
    backend: createProxyBackend({ url: upstreamUrl }),
    access: { store, clock: clock.now, settings: SETTINGS, dataDir },
  });
  const admin = new Client(app);
  const login = await admin.post('/api/login', ADMIN);
  if (login.statusCode !== 200) throw new Error(`the admin could not sign in: ${login.statusCode} ${login.body}`);
  admin.csrf = login.json<{ csrfToken: string }>().csrfToken;
  return {
    app,
    store,
    dataDir,
    admin,
    close: async () => {
      await app.close();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
