import { readFileSync } from 'node:fs';
import { buildApp } from './app';
import { createAuditTrail } from './audit/auditTrail';
import { ensureFirstAdmin, SETUP_TOKEN_TTL_MS } from './auth/firstAdmin';
import { ConfigError, loadConfig } from './config';
import { createBackend } from './createBackend';
import { warmRenderer } from './rendered/warmRenderer';
import { accessSettings } from './security/accessSettings';
import { systemClock } from './store/clock';
import { openStore } from './store/store';

/** Starts the gateway: config → backend → app → listen; closes cleanly on SIGINT/SIGTERM. */
async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const backend = await createBackend(config);
  const store = await openStore(config.dataDir);
  const clock = systemClock;
  const firstAdmin = await ensureFirstAdmin(store, createAuditTrail(store.auditLog, clock), clock, {
    username: config.adminUsername,
    password: config.adminPassword,
  });
  const tls =
    config.tlsCertFile !== undefined && config.tlsKeyFile !== undefined
      ? { cert: readFileSync(config.tlsCertFile), key: readFileSync(config.tlsKeyFile) }
      : undefined;
  const app = await buildApp({
    config,
    backend,
    access: { store, clock, settings: accessSettings(config), dataDir: config.dataDir },
    tls,
  });
  const close = async (signal: string) => {
    app.log.info(`${signal}: shutting down`);
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void close('SIGINT'));
  process.once('SIGTERM', () => void close('SIGTERM'));
  const listening = await app.listen({ host: config.host, port: config.port });
  // Fastify names every server it did not make itself http://, the TLS one too (http/tlsServer.ts).
  const address = tls === undefined ? listening : listening.replace(/^http:/, 'https:');
  app.log.info(`SecondRead serves DICOMweb at ${address}/dicomweb (${backend.name})`);
  // The first picture rendered is often a remote reader's first image: not the one to run unoptimised.
  void warmRenderer();
  if (firstAdmin.kind === 'created-from-settings')
    app.log.info(`First administrator "${firstAdmin.username}" created from ADMIN_USERNAME`);
  if (firstAdmin.kind === 'setup-url') {
    // Printed, not logged: the one-time URL should not travel to log collectors.
    const minutes = SETUP_TOKEN_TTL_MS / 60_000;
    console.log(
      `\nNo account exists yet. Within ${minutes} minutes, open this one-time link to create the first administrator:\n  ${address}${firstAdmin.path}\n`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
