import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { buildApp, type AppOptions } from '../../../src/server/app';
import { openArchive, type Archive, type OpenArchiveOptions } from '../../../src/server/archive/archive';
import { silentLogger } from '../../../src/server/archive/logger';
import { createAuditTrail } from '../../../src/server/audit/auditTrail';
import { ensureFirstAdmin } from '../../../src/server/auth/firstAdmin';
import type { AccessSettings } from '../../../src/server/security/accessSettings';
import { systemClock } from '../../../src/server/store/clock';
import { openStore } from '../../../src/server/store/store';

/**
 * The real gateway (embedded archive, sign-in, guard) listening on 127.0.0.1 in this process, for
 * tests that need real sockets: slow clients, stalled bodies, concurrent uploads.
 */
export interface ListeningGateway {
  port: number;
  dataDir: string;
  archive: Archive;
  /** Signs the admin in over HTTP; each call is a new session. */
  adminSession(): Promise<AdminSession>;
  /** Names of the files in DATA_DIR/tmp. */
  tempFiles(): string[];
  close(): Promise<void>;
}

export interface AdminSession {
  cookie: string;
  csrf: string;
}

/** The first administrator of these test gateways. */
export const ADMIN = { username: 'admin', password: 'admin-password-123' };
const HOUR = 3_600_000;
/** Access settings for test gateways: generous limits, no cross-origin DICOMweb. */
export const SETTINGS: AccessSettings = {
  sessionIdleMs: HOUR,
  sessionMaxMs: 12 * HOUR,
  shareMaxMs: 24 * HOUR,
  shareSessionMs: HOUR,
  cspConnectSrc: [],
  replyMaxBytes: 8 * 1024 ** 2,
  patientLinkMaxMs: 365 * 24 * HOUR,
  uploadLinkMaxMs: 30 * 24 * HOUR,
  uploadLinkMaxBytes: 1024 ** 3,
};

export async function startListeningGateway(
  config: Partial<AppOptions['config']> = {},
  archiveOptions: Partial<OpenArchiveOptions> = {},
): Promise<ListeningGateway> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'secondread-slow-'));
  const archive = await openArchive({ dataDir, logger: silentLogger, ...archiveOptions });
  const store = await openStore(dataDir);
  await ensureFirstAdmin(store, createAuditTrail(store.auditLog, systemClock), systemClock, ADMIN);
  const app = await buildApp({
    config: {
      maxUploadBytes: 64 * 1024 ** 2,
      staticDir: '/nonexistent',
      trustProxy: false,
      logLevel: 'silent',
      ...config,
    },
    backend: archive,
    access: { store, clock: systemClock, settings: SETTINGS, dataDir },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as net.AddressInfo).port;
  return {
    port,
    dataDir,
    archive,
    async adminSession() {
      const response = await fetch(`http://127.0.0.1:${port}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: `http://127.0.0.1:${port}` },
        body: JSON.stringify(ADMIN),
      });
      if (response.status !== 200) throw new Error(`login failed: ${response.status} ${await response.text()}`);
      const cookie = response.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      const { csrfToken } = (await response.json()) as { csrfToken: string };
      return { cookie, csrf: csrfToken };
    },
    tempFiles() {
      const dir = path.join(dataDir, 'tmp');
      return existsSync(dir) ? readdirSync(dir) : [];
    },
    async close() {
      // Stalled clients of a failing test must not keep close() waiting.
      const closing = app.close();
      app.server.closeAllConnections();
      await closing;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A raw TCP client that records what the server answers and when it closes the connection. */
export interface RawClient {
  socket: net.Socket;
  /** Everything received so far, as latin1 text. */
  received(): string;
  /** Resolves when the server has closed the connection (or rejects after `withinMs`). */
  closed(withinMs: number): Promise<void>;
  isClosed(): boolean;
}

export async function rawClient(port: number): Promise<RawClient> {
  const socket = net.connect({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let text = '';
  let isClosed = false;
  socket.on('data', (chunk: Buffer) => void (text += chunk.toString('latin1')));
  // A reset after the server's answer is a way of closing too.
  socket.on('error', () => undefined);
  const closing = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  void closing.then(() => void (isClosed = true));
  return {
    socket,
    received: () => text,
    isClosed: () => isClosed,
    closed: (withinMs) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `the server kept the connection open for ${withinMs} ms; it answered: ${JSON.stringify(text.slice(0, 200))}`,
              ),
            ),
          withinMs,
        );
        void closing.then(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
  };
}

/** Open file descriptors of this process (Linux). */
export function openDescriptors(): number {
  return readdirSync('/proc/self/fd').length;
}

/** Polls until `check` is true or `withinMs` passes; returns the last result. */
export async function eventually(check: () => boolean, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}
