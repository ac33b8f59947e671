import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusDir } from '../../../test/support/corpus';
import { createAuditTrail } from '../audit/auditTrail';
import { ensureFirstAdmin } from '../auth/firstAdmin';
import { startHarness, STUDIES, type Client, type Harness } from '../../../test/support/sharing/harness';

/**
 * Finding 7: a scripted session through the real app with the log captured, then grepped for
 * every secret the session handled. Request lines stay, with method, status and route.
 */
const F = STUDIES.french;
const PASSCODE = 'Kestrel-8812-passcode';
const lines: string[] = [];
let h: Harness;
let log: string;
const secrets: Record<string, string> = {};

beforeAll(async () => {
  h = await startHarness({ corpusDir, withUsers: false, logStream: { write: (line) => void lines.push(line) } });
  const setup = await ensureFirstAdmin(h.store, createAuditTrail(h.store.auditLog, h.clock.now), h.clock.now, {
    username: undefined,
    password: undefined,
  });
  if (setup.kind !== 'setup-url') throw new Error(setup.kind);
  secrets.setupToken = setup.path.split('/').pop()!;

  const admin = h.client();
  expect((await admin.get(setup.path)).statusCode).toBe(200);
  expect(
    (await admin.post('/api/setup', { token: secrets.setupToken, username: 'chief', password: 'a-long-password-1' }))
      .statusCode,
  ).toBe(201);
  const login = await admin.post('/api/login', { username: 'chief', password: 'a-long-password-1' });
  admin.csrf = login.json<{ csrfToken: string }>().csrfToken;
  secrets.csrf = admin.csrf;
  secrets.staffCookie = admin.cookies.get('sr_session')!;

  const created = await admin.post('/api/shares', {
    studyInstanceUIDs: [F.study],
    expiresInSeconds: 3600,
    passcode: PASSCODE,
  });
  secrets.shareToken = created.json<{ url: string }>().url.split('/s/')[1]!;
  const recipient: Client = h.client();
  expect((await recipient.get(`/s/${secrets.shareToken}`)).statusCode).toBe(200);
  expect((await recipient.post(`/s/${secrets.shareToken}`, { passcode: 'wrong-guess-1' })).statusCode).toBe(401);
  expect((await recipient.post(`/s/${secrets.shareToken}`, { passcode: PASSCODE })).statusCode).toBe(303);
  secrets.shareCookie = recipient.cookies.get('sr_share')!;

  expect((await recipient.get('/dicomweb/studies?PatientName=DOE*&limit=5')).statusCode).toBe(200);
  expect((await admin.get('/dicomweb/studies?PatientName=DOE%5EJOHN&includefield=PatientBirthDate')).statusCode).toBe(
    200,
  );
  expect(
    (await recipient.get(`/dicomweb/studies/${F.study}/series/${F.series}/instances/${F.instance}/frames/1`))
      .statusCode,
  ).toBe(200);
  expect((await h.client().get(`/s/${'Z'.repeat(43)}`)).statusCode).toBe(404);
  expect((await h.client().get(`/p/${'Y'.repeat(43)}?PatientID=DOE-4711`)).statusCode).toBe(404);
  expect((await recipient.get('/dicomweb/studies?PatientName=DOE%2A&bogus%3DDOE=1')).statusCode).toBeLessThan(500);

  // A 500: the stored file is gone, so the frame cannot be read.
  const seriesDir = path.join(h.dataDir, 'archive', F.study, F.series);
  for (const file of readdirSync(seriesDir)) rmSync(path.join(seriesDir, file));
  expect(
    (
      await admin.get(
        `/dicomweb/studies/${F.study}/series/${F.series}/instances/${F.instance}/frames/1?accept=application/octet-stream`,
      )
    ).statusCode,
  ).toBe(500);
  log = lines.join('');
});
afterAll(async () => h.close());

describe('the request log', () => {
  it('holds no token, passcode, cookie, CSRF token or query value', () => {
    for (const [name, secret] of Object.entries(secrets)) expect(log.includes(secret), name).toBe(false);
    expect(log).not.toContain(PASSCODE);
    expect(log).not.toContain('DOE');
    expect(log).not.toContain('YYYYYYYY');
    expect(log).not.toContain('ZZZZZZZZ');
    expect(log.toLowerCase()).not.toContain('cookie');
    expect(log.toLowerCase()).not.toContain('authorization');
  });

  it('still says what was asked and how it went', () => {
    const entries = lines.map(
      (line) =>
        JSON.parse(line) as {
          msg: string;
          req?: { method: string; url: string; route?: string };
          res?: { statusCode: number };
          err?: unknown;
        },
    );
    const incoming = entries.filter((e) => e.req !== undefined);
    expect(incoming.some((e) => e.req!.method === 'POST' && e.req!.url === '/s/[redacted]')).toBe(true);
    expect(incoming.some((e) => e.req!.url === '/setup/[redacted]')).toBe(true);
    expect(incoming.some((e) => e.req!.url === '/dicomweb/studies?PatientName=[redacted]&limit=[redacted]')).toBe(true);
    expect(
      incoming.some((e) => e.req!.url === '/dicomweb/studies?PatientName=[redacted]&includefield=[redacted]'),
    ).toBe(true);
    const completed = entries.filter((e) => e.res !== undefined);
    expect(completed.map((e) => e.res!.statusCode)).toEqual(expect.arrayContaining([200, 201, 303, 401, 404, 500]));
    expect(completed.some((e) => (e as { res: { route?: string } }).res.route === '/s/:token')).toBe(true);
    expect(entries.some((e) => e.msg === 'request failed' && e.err !== undefined)).toBe(true);
  });
});
