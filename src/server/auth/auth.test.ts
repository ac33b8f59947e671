import { mkdtempSync, rmSync } from 'node:fs';
import { auditRows } from '../../../test/support/auditRows';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusDir } from '../../../test/support/corpus';
import { buildApp } from '../app';
import { createAuditTrail } from '../audit/auditTrail';
import { sha256Hex } from '../security/tokens';
import {
  ADMIN,
  HOUR,
  MINUTE,
  SETTINGS,
  startHarness,
  testClock,
  type Harness,
} from '../../../test/support/sharing/harness';
import { openStore } from '../store/store';
import { ensureFirstAdmin } from './firstAdmin';

/** Sign-in, sessions, CSRF, first admin and the gate, through the real app (throttling: loginThrottle.test.ts). */
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ corpusDir });
});
afterAll(async () => h.close());

const auditTypes = async () => (await auditRows(h.store.auditLog)).map((row) => row.type);

describe('the gate', () => {
  it('without a session only login, setup, me, share pages, static files and /healthz answer', async () => {
    const anon = h.client();
    for (const url of [
      '/dicomweb/studies',
      '/dicomweb',
      '/dicomweb/studies/1.2.3/metadata',
      '/api/shares',
      '/api/audit/export?format=fhir',
      '/api/unknown',
      '/api',
    ]) {
      const response = await anon.get(url);
      expect(response.statusCode, url).toBe(401);
      expect(response.json<{ error: string }>().error, url).toBe('UNAUTHENTICATED');
    }
    expect((await anon.request('DELETE', '/dicomweb/studies/1.2.3')).statusCode).toBe(401);
    expect(
      (
        await anon.request('POST', '/dicomweb/studies', {
          headers: { 'content-type': 'application/dicom' },
          payload: Buffer.from('x'),
        })
      ).statusCode,
    ).toBe(401);
    expect((await anon.get('/healthz')).statusCode).toBe(200);
    expect((await anon.get('/api/me')).statusCode).toBe(401);
    expect((await anon.get('/api/share-session')).statusCode).toBe(401);
    expect((await anon.get('/s/pages.css')).statusCode).toBe(200);
    expect((await anon.get('/s/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).statusCode).toBe(404);
  });
});

describe('login', () => {
  it('signs in with a new HttpOnly SameSite=Strict session cookie and a CSRF token', async () => {
    const client = h.client();
    const response = await client.post('/api/login', ADMIN);
    expect(response.statusCode).toBe(200);
    const body = response.json<{
      user: { username: string; role: string };
      csrfToken: string;
      idleTimeoutSeconds: number;
    }>();
    expect(body.user).toMatchObject({ username: 'admin', role: 'admin' });
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.idleTimeoutSeconds).toBe(1800);
    expect(JSON.stringify(body)).not.toContain('scrypt');
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toMatch(/^sr_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toMatch(/Secure/);
    const id = client.cookies.get('sr_session')!;
    expect(JSON.stringify(await h.store.sessions.find(id))).toBeUndefined();
    const me = await client.get('/api/me');
    expect(me.json()).toMatchObject({ user: { username: 'admin' }, csrfToken: body.csrfToken });
    expect((await client.get('/dicomweb/studies')).statusCode).toBe(200);
    expect(await auditTypes()).toContain('login.succeeded');
  });

  it('refuses a wrong password or an unknown user alike, and audits it', async () => {
    const wrong = await h.client().post('/api/login', { username: 'admin', password: 'not-the-password' });
    const unknown = await h.client().post('/api/login', { username: 'nobody', password: 'not-the-password' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json()).toEqual(wrong.json());
    expect(wrong.json<{ error: string }>().error).toBe('INVALID_CREDENTIALS');
    expect(wrong.headers['set-cookie']).toBeUndefined();
    expect((await auditTypes()).filter((t) => t === 'login.failed').length).toBeGreaterThanOrEqual(2);
  });

  it('refuses a login posted from another site (login CSRF)', async () => {
    const response = await h.client().post('/api/login', ADMIN, { origin: 'https://evil.example' });
    expect([response.statusCode, response.json<{ error: string }>().error]).toEqual([403, 'CSRF_REFUSED']);
    const sandboxed = await h.client().post('/api/login', ADMIN, { origin: 'null', 'sec-fetch-site': 'cross-site' });
    expect(sandboxed.statusCode).toBe(403);
    // Browsers send `Origin: null` on same-origin POSTs under Referrer-Policy: no-referrer.
    const sameOrigin = await h.client().post('/api/login', ADMIN, { origin: 'null', 'sec-fetch-site': 'same-origin' });
    expect(sameOrigin.statusCode).toBe(200);
  });
});

describe('sessions', () => {
  it('end after the idle timeout, and not before', async () => {
    const client = await h.signedIn('admin');
    h.clock.advance(29 * MINUTE);
    expect((await client.get('/api/me')).statusCode).toBe(200);
    h.clock.advance(29 * MINUTE);
    expect((await client.get('/api/me')).statusCode).toBe(200);
    h.clock.advance(30 * MINUTE);
    const after = await client.get('/api/me');
    expect([after.statusCode, after.json<{ error: string }>().error]).toEqual([401, 'SESSION_EXPIRED']);
    expect((await client.get('/dicomweb/studies')).statusCode).toBe(401);
  });

  it('end at the absolute lifetime however busy', async () => {
    const client = await h.signedIn('admin');
    const start = h.clock.now();
    let endedAfter = 0;
    for (let i = 0; i < 40 && endedAfter === 0; i++) {
      h.clock.advance(20 * MINUTE);
      if ((await client.get('/api/me')).statusCode !== 200) endedAfter = h.clock.now() - start;
    }
    expect(endedAfter).toBe(12 * HOUR);
  });

  it('logout ends the session, needs the CSRF token, and is audited', async () => {
    const client = await h.signedIn('admin');
    const withoutToken = client.clone();
    withoutToken.csrf = undefined;
    expect((await withoutToken.post('/api/logout')).statusCode).toBe(403);
    expect((await client.post('/api/logout')).statusCode).toBe(204);
    expect((await client.get('/api/me')).statusCode).toBe(401);
    expect(await auditTypes()).toContain('logout');
    expect((await h.client().post('/api/logout')).statusCode).toBe(204);
  });

  it('a new login replaces the session the browser had (no fixation)', async () => {
    const client = await h.signedIn('admin');
    const before = client.clone();
    await client.post('/api/login', ADMIN);
    expect(client.cookies.get('sr_session')).not.toBe(before.cookies.get('sr_session'));
    expect((await before.get('/api/me')).statusCode).toBe(401);
  });
});

describe('CSRF', () => {
  it('state-changing staff requests need the token and this origin', async () => {
    const client = await h.signedIn('admin');
    const body = { studyInstanceUIDs: ['1.2.3'], expiresInSeconds: 3600 };
    const noToken = client.clone();
    noToken.csrf = undefined;
    const refused = await noToken.post('/api/shares', body);
    expect([refused.statusCode, refused.json<{ error: string }>().error]).toEqual([403, 'CSRF_REFUSED']);
    expect((await client.post('/api/shares', body, { 'x-csrf-token': 'forged' })).statusCode).toBe(403);
    expect((await client.post('/api/shares', body, { origin: 'https://evil.example' })).statusCode).toBe(403);
    expect((await client.post('/api/shares', body, { origin: 'http://localhost:8080' })).statusCode).toBe(403);
    expect((await client.post('/api/shares', body)).statusCode).toBe(404);
    const stow = await noToken.request('POST', '/dicomweb/studies', {
      headers: { 'content-type': 'application/dicom' },
      payload: Buffer.from('x'),
    });
    expect(stow.statusCode).toBe(403);
  });

  it('reads need no token', async () => {
    const client = await h.signedIn('radiologist');
    client.csrf = undefined;
    expect((await client.get('/api/shares')).statusCode).toBe(200);
  });
});

describe('the first admin', () => {
  it('is created from ADMIN_USERNAME/ADMIN_PASSWORD when no account exists, once', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'secondread-admin-'));
    const store = await openStore(dir);
    const clock = testClock();
    const audit = createAuditTrail(store.auditLog, clock.now);
    expect(
      await ensureFirstAdmin(store, audit, clock.now, { username: 'root', password: 'long-enough-password' }),
    ).toEqual({ kind: 'created-from-settings', username: 'root' });
    expect((await store.users.findByUsername('root'))?.role).toBe('admin');
    expect(
      await ensureFirstAdmin(store, audit, clock.now, { username: 'other', password: 'long-enough-password' }),
    ).toEqual({ kind: 'users-exist' });
    expect(await store.users.count()).toBe(1);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('otherwise comes from a one-time setup URL that expires', async () => {
    const fresh = await startHarness({ corpusDir, withUsers: false });
    try {
      const clock = fresh.clock;
      const outcome = await ensureFirstAdmin(
        fresh.store,
        createAuditTrail(fresh.store.auditLog, clock.now),
        clock.now,
        { username: undefined, password: undefined },
      );
      if (outcome.kind !== 'setup-url') throw new Error(outcome.kind);
      const token = outcome.path.split('/').pop()!;
      const page = await fresh.client().get(outcome.path);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<form method="post" action="/api/setup">');
      expect(page.body).not.toMatch(/<script/i);
      expect((await fresh.client().get('/setup/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).statusCode).toBe(404);

      const weak = await fresh.client().post('/api/setup', { token, username: 'chief', password: 'short' });
      expect([weak.statusCode, weak.json<{ error: string }>().error]).toEqual([400, 'INVALID_ACCOUNT']);
      const form = `token=${token}&username=chief&displayName=Dr+Chief&password=a-long-password-1&passwordRepeat=a-long-password-1`;
      const created = await fresh
        .client()
        .post('/api/setup', form, { 'content-type': 'application/x-www-form-urlencoded' });
      expect(created.statusCode).toBe(201);
      expect(created.body).toContain('Administrator created');
      expect(await fresh.store.users.findByUsername('chief')).toMatchObject({ role: 'admin', displayName: 'Dr Chief' });

      const again = await fresh
        .client()
        .post('/api/setup', { token, username: 'second', password: 'a-long-password-2' });
      expect([again.statusCode, again.json<{ error: string }>().error]).toEqual([409, 'ALREADY_SET_UP']);
      expect((await fresh.client().get(outcome.path)).statusCode).toBe(404);
      expect(
        (await fresh.client().post('/api/login', { username: 'chief', password: 'a-long-password-1' })).statusCode,
      ).toBe(200);
      const types = (await auditRows(fresh.store.auditLog)).map((row) => row.type);
      expect(types).toEqual(expect.arrayContaining(['user.created', 'setup.completed', 'login.succeeded']));
    } finally {
      await fresh.close();
    }
  });

  it('a setup URL stops working after an hour, and a newer one replaces it', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'secondread-setup-'));
    const store = await openStore(dir);
    const clock = testClock();
    const audit = createAuditTrail(store.auditLog, clock.now);
    const first = await ensureFirstAdmin(store, audit, clock.now, { username: undefined, password: undefined });
    const second = await ensureFirstAdmin(store, audit, clock.now, { username: undefined, password: undefined });
    if (first.kind !== 'setup-url' || second.kind !== 'setup-url') throw new Error('expected setup URLs');
    const hashOf = (path: string) => sha256Hex(path.split('/').pop()!);
    expect(await store.setupTokens.isValid(hashOf(first.path), clock.now())).toBe(false);
    expect(await store.setupTokens.isValid(hashOf(second.path), clock.now())).toBe(true);
    clock.advance(HOUR);
    expect(await store.setupTokens.isValid(hashOf(second.path), clock.now())).toBe(false);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('HSTS and Secure cookies', () => {
  it('are used when a trusted proxy says https', async () => {
    const app = await buildApp({
      config: { maxUploadBytes: 1024, staticDir: '/nonexistent', trustProxy: true, logLevel: 'silent' },
      backend: h.archive,
      access: { store: h.store, clock: h.clock.now, settings: SETTINGS, dataDir: h.dataDir },
    });
    const response = await app.inject({
      method: 'POST',
      url: '/api/login',
      headers: {
        'x-forwarded-proto': 'https',
        'x-forwarded-host': 'pacs.example.org',
        origin: 'https://pacs.example.org',
      },
      payload: ADMIN,
    });
    expect(response.statusCode).toBe(200);
    expect(String(response.headers['set-cookie'])).toMatch(/^__Host-sr_session=.*; Secure/);
    expect(response.headers['strict-transport-security']).toBe('max-age=31536000');
  });
});
