import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp, type AppOptions } from '../../../src/server/app';
import { openArchive, type Archive } from '../../../src/server/archive/archive';
import { silentLogger } from '../../../src/server/archive/logger';
import { createAuditTrail } from '../../../src/server/audit/auditTrail';
import { createUser } from '../../../src/server/auth/createUser';
import { ensureFirstAdmin } from '../../../src/server/auth/firstAdmin';
import type { AccessSettings } from '../../../src/server/security/accessSettings';
import type { Clock } from '../../../src/server/store/clock';
import { openStore, type Store } from '../../../src/server/store/store';

/**
 * The gateway as the HTTP suites drive it: the real app through inject(), the embedded archive
 * holding a few corpus studies, the real SQLite store in a temp DATA_DIR, and a clock the tests
 * move by hand.
 */
export const STUDIES = {
  /** Three series: two parametric maps and a structured report. */
  multi: {
    study: '1.3.6.1.4.1.5962.1.2.1.20040119072730.12322',
    files: ['kinds/float/pm-float32.dcm', 'kinds/float/pm-float64.dcm', 'kinds/sr/sr-comprehensive3d-highdicom.dcm'],
  },
  french: {
    study: '1.3.6.1.4.1.5962.1.2.0.1175775772.5720.0',
    series: '1.3.6.1.4.1.5962.1.3.0.1.1175775772.5720.0',
    instance: '1.3.6.1.4.1.5962.1.1.0.1.1.1175775772.5720.0',
    files: ['kinds/charset/chrFren.dcm'],
  },
  greek: {
    study: '1.3.6.1.4.1.5962.1.2.0.1175775772.5717.0',
    series: '1.3.6.1.4.1.5962.1.3.0.1.1175775772.5717.0',
    files: ['kinds/charset/chrGreek.dcm'],
  },
} as const;

export const ADMIN = { username: 'admin', password: 'admin-password-123' };
export const RADIOLOGIST = { username: 'dr.house', password: 'radiologist-pass-1', displayName: 'Dr Gregory House' };
export const ORIGIN = 'http://localhost:80';
const START = Date.UTC(2025, 2, 12, 9, 0, 0);
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export interface TestClock {
  now: Clock;
  advance(ms: number): void;
  set(ms: number): void;
}

export function testClock(start = START): TestClock {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms), set: (ms) => void (t = ms) };
}

export const SETTINGS: AccessSettings = {
  sessionIdleMs: 30 * MINUTE,
  sessionMaxMs: 12 * HOUR,
  shareMaxMs: 30 * DAY,
  shareSessionMs: 4 * HOUR,
  cspConnectSrc: [],
  replyMaxBytes: 8 * 1024 ** 2,
  patientLinkMaxMs: 365 * 24 * HOUR,
  uploadLinkMaxMs: 30 * DAY,
  uploadLinkMaxBytes: 1024 ** 3,
};

export interface Harness {
  app: FastifyInstance;
  store: Store;
  clock: TestClock;
  dataDir: string;
  archive: Archive;
  /** A browser-like client: keeps cookies, sends Origin, remembers the CSRF token after login. */
  client(): Client;
  /** A client signed in as the admin or the radiologist. */
  signedIn(who: 'admin' | 'radiologist'): Promise<Client>;
  close(): Promise<void>;
}

interface HarnessOptions {
  /** The test corpus (test/support/corpus.ts's corpusDir). */
  corpusDir: string;
  /** Create the admin and a radiologist (default) or leave the store empty. */
  withUsers?: boolean;
  /** Where the gateway's log goes, at info level; silent without it. */
  logStream?: AppOptions['logStream'];
  /** Settings that differ from SETTINGS (an institution name, say). */
  settings?: Partial<AccessSettings>;
  /** A built web app to serve (index.html and its bootstrap); none by default. */
  staticDir?: string;
  /** Behind a reverse proxy whose X-Forwarded-* headers are trusted (TRUST_PROXY). */
  trustProxy?: boolean;
  /** The archive makes each series' opening picture once stored (OPENING_PICTURES); off by default. */
  openingPictures?: boolean;
}

export async function startHarness({
  corpusDir,
  withUsers = true,
  logStream,
  settings,
  staticDir = '/nonexistent',
  trustProxy = false,
  openingPictures = false,
}: HarnessOptions): Promise<Harness> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'secondread-sharing-'));
  const clock = testClock();
  const archive = await openArchive({ dataDir, logger: silentLogger, openingPictures });
  for (const { files } of Object.values(STUDIES)) {
    for (const file of files) {
      const outcome = await archive.ingest(new Uint8Array(readFileSync(path.join(corpusDir, file))));
      if (!outcome.ok) throw new Error(`${file} was not stored: ${outcome.reason}`);
    }
  }
  const store = await openStore(dataDir);
  if (withUsers) {
    const audit = createAuditTrail(store.auditLog, clock.now);
    await ensureFirstAdmin(store, audit, clock.now, ADMIN);
    await createUser(store, audit, clock.now(), {
      ...RADIOLOGIST,
      role: 'radiologist',
      actor: { kind: 'system', name: 'test' },
    });
  }
  const app = await buildApp({
    config: {
      maxUploadBytes: 64 * 1024 ** 2,
      staticDir,
      trustProxy,
      logLevel: logStream === undefined ? 'silent' : 'info',
    },
    backend: archive,
    logStream,
    access: { store, clock: clock.now, settings: { ...SETTINGS, ...settings }, dataDir },
  });
  const harness: Harness = {
    app,
    store,
    clock,
    dataDir,
    archive,
    client: () => new Client(app),
    async signedIn(who) {
      const client = new Client(app);
      const credentials = who === 'admin' ? ADMIN : RADIOLOGIST;
      const response = await client.post('/api/login', credentials);
      if (response.statusCode !== 200) throw new Error(`login failed: ${response.body}`);
      client.csrf = response.json<{ csrfToken: string }>().csrfToken;
      return client;
    },
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}

type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

export class Client {
  readonly cookies = new Map<string, string>();
  csrf: string | undefined;

  constructor(private readonly app: FastifyInstance) {}

  async request(
    method: Method,
    url: string,
    options: { payload?: InjectOptions['payload']; headers?: Record<string, string> } = {},
  ): Promise<LightMyRequestResponse> {
    const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(method);
    const headers: Record<string, string> = {
      ...(unsafe ? { origin: ORIGIN } : {}),
      ...(unsafe && this.csrf !== undefined ? { 'x-csrf-token': this.csrf } : {}),
      ...(this.cookies.size > 0 ? { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
      ...options.headers,
    };
    const response = await this.app.inject({ method, url, headers, payload: options.payload });
    for (const cookie of response.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const gone =
        cookie.value === '' || cookie.maxAge === 0 || (cookie.expires !== undefined && cookie.expires.getTime() <= 0);
      if (gone) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    return response;
  }

  get(url: string, headers?: Record<string, string>) {
    return this.request('GET', url, { headers });
  }

  post(url: string, payload?: InjectOptions['payload'], headers?: Record<string, string>) {
    return this.request('POST', url, { payload, headers });
  }

  /** A copy with the same cookies: a second tab, or a replayed cookie. */
  clone(): Client {
    const copy = new Client(this.app);
    for (const [k, v] of this.cookies) copy.cookies.set(k, v);
    copy.csrf = this.csrf;
    return copy;
  }
}

/** Creates a share as `client` and opens it in a fresh recipient client. */
export async function shareAndOpen(
  harness: Harness,
  sender: Client,
  body: Record<string, unknown>,
): Promise<{ id: string; url: string; token: string; recipient: Client }> {
  const created = await sender.post('/api/shares', { expiresInSeconds: 3600, ...body });
  if (created.statusCode !== 201) throw new Error(`share not created: ${created.statusCode} ${created.body}`);
  const { id, url } = created.json<{ id: string; url: string }>();
  const token = url.split('/s/')[1]!;
  const recipient = harness.client();
  const opened = await recipient.post(`/s/${token}`, body.passcode === undefined ? {} : { passcode: body.passcode });
  if (opened.statusCode !== 303) throw new Error(`share not opened: ${opened.statusCode} ${opened.body}`);
  return { id, url, token, recipient };
}
