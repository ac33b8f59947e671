import { createServer } from 'node:http';
import { buildApp } from '../../src/server/app';
import { createAuditTrail } from '../../src/server/audit/auditTrail';
import { ensureFirstAdmin } from '../../src/server/auth/firstAdmin';
import { loadConfig } from '../../src/server/config';
import { createBackend } from '../../src/server/createBackend';
import { accessSettings } from '../../src/server/security/accessSettings';
import type { Clock } from '../../src/server/store/clock';
import { openStore } from '../../src/server/store/store';

/**
 * Test-only gateway entry (run with `node --import tsx`, see clockedGateway.ts): the gateway as
 * src/server/main.ts sets it up, on a clock that a test moves forward instead of waiting out a
 * link's expiry. The clock is moved through a second server on loopback; the product has no such
 * setting, so this file is the only way to a movable clock. Prints, on standard output:
 *   Server listening at http://127.0.0.1:PORT    (Fastify's own line)
 *   Clock control at http://127.0.0.1:PORT       (POST /advance?ms=N → {"now": ms})
 */
let offsetMs = 0;
const clock: Clock = () => Date.now() + offsetMs;

const config = loadConfig();
const backend = await createBackend(config);
const store = await openStore(config.dataDir);
await ensureFirstAdmin(store, createAuditTrail(store.auditLog, clock), clock, {
  username: config.adminUsername,
  password: config.adminPassword,
});
const app = await buildApp({
  config,
  backend,
  access: { store, clock, settings: accessSettings(config), dataDir: config.dataDir },
});

const control = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const ms = Number(url.searchParams.get('ms'));
  if (request.method !== 'POST' || url.pathname !== '/advance' || !Number.isInteger(ms) || ms < 0) {
    response.writeHead(400, { 'content-type': 'text/plain' }).end('POST /advance?ms=<non-negative integer>');
    return;
  }
  offsetMs += ms;
  response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ now: clock() }));
});

const close = async () => {
  control.close();
  await app.close();
  process.exit(0);
};
process.once('SIGINT', () => void close());
process.once('SIGTERM', () => void close());

// The control line first: a caller that has seen the gateway listen has seen it already.
await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
const address = control.address();
if (address === null || typeof address === 'string') throw new Error('The clock control server has no port');
console.log(`Clock control at http://127.0.0.1:${address.port}`);
await app.listen({ host: '127.0.0.1', port: config.port });
