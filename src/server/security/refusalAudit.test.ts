import { rmSync } from 'node:fs';
import { auditRows } from '../../../test/support/auditRows';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusDir } from '../../../test/support/corpus';
import { verifyChain } from '../audit/verifyChain';
import {
  MINUTE,
  shareAndOpen,
  startHarness,
  STUDIES,
  type Client,
  type Harness,
} from '../../../test/support/sharing/harness';
import type { AuditRow } from '../store/auditLog';
import { openStore } from '../store/store';

/**
 * Hostile clients and the audit trail: credentials nobody issued are counted per address and
 * minute instead of writing a record each (finding 6), and every refusal of a principal we can
 * name leaves a record, repeats folded into one (finding 8).
 */
let h: Harness;
let radiologist: Client;
let recipient: Client;
let shareId: string;
const F = STUDIES.french;
const G = STUDIES.greek;
const MADE_UP = 'bm90LWEtcmVhbC1zZXNzaW9uLWlkLWF0LWFsbC14eXo';

const rowsAfter = async (id: number): Promise<AuditRow[]> =>
  (await auditRows(h.store.auditLog)).filter((row) => row.id > id);
const lastId = () => h.store.auditLog.highestIssuedId();
const detailOf = (row: AuditRow) => JSON.parse(row.detail) as Record<string, unknown>;
/** A minute passes and one more request comes in: the gateway writes what the ended minute counted. */
const closeWindow = async () => {
  h.clock.advance(MINUTE);
  await h.client().get('/healthz');
  await h.app.inject({
    method: 'GET',
    url: '/s/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    remoteAddress: '198.51.100.99',
  });
};

beforeAll(async () => {
  h = await startHarness({ corpusDir });
  radiologist = await h.signedIn('radiologist');
  ({ recipient, id: shareId } = await shareAndOpen(h, radiologist, { studyInstanceUIDs: [F.study] }));
});
afterAll(async () => h.close());

describe('made-up credentials (finding 6)', () => {
  it('300 requests with made-up session cookies leave one counted record per address and minute, not 300', async () => {
    await closeWindow();
    const before = await lastId();
    const urls = [
      '/dicomweb/studies',
      `/dicomweb/studies/${F.study}/metadata`,
      '/api/shares',
      '/api/me',
      '/api/share-session',
      '/dicomweb/studies/1.2.3/series',
    ];
    for (let i = 0; i < 300; i++) {
      const response = await h.app.inject({
        method: 'GET',
        url: urls[i % urls.length]!,
        headers: {
          cookie: i % 2 === 0 ? `sr_share=${MADE_UP}${i}` : `sr_share=${MADE_UP}${i}; sr_session=${MADE_UP}${i}`,
        },
        remoteAddress: '203.0.113.7',
      });
      expect(response.statusCode).toBe(401);
    }
    expect(await rowsAfter(before)).toEqual([]);

    await closeWindow();
    const written = (await rowsAfter(before)).filter((row) => row.ip === '203.0.113.7');
    expect(written.length).toBeGreaterThanOrEqual(1);
    expect(written.length).toBeLessThanOrEqual(2);
    expect(written.every((row) => row.type === 'credential.unknown' && row.actor_kind === 'anonymous')).toBe(true);
    expect(written.reduce((sum, row) => sum + (detailOf(row).count as number), 0)).toBe(300);
    expect(written.map((row) => row.detail).join()).not.toContain(MADE_UP);
    expect(await verifyChain(h.store.auditLog)).toMatchObject({ ok: true });
  });

  it('counts each address apart', async () => {
    const before = await lastId();
    for (const ip of ['203.0.113.20', '203.0.113.21']) {
      for (let i = 0; i < 3; i++)
        await h.app.inject({
          method: 'GET',
          url: '/dicomweb/studies',
          headers: { cookie: `sr_session=${MADE_UP}` },
          remoteAddress: ip,
        });
    }
    await closeWindow();
    const written = (await rowsAfter(before)).filter(
      (row) => row.type === 'credential.unknown' && row.ip?.startsWith('203.0.113.2'),
    );
    expect(written.map((row) => [row.ip, detailOf(row).count, detailOf(row).credential])).toEqual([
      ['203.0.113.20', 3, 'staff-session'],
      ['203.0.113.21', 3, 'staff-session'],
    ]);
  });

  it('a revoked share cookie replayed is named, once at once and then one count a minute', async () => {
    const { id, recipient: replayer } = await shareAndOpen(h, radiologist, { studyInstanceUIDs: [F.study] });
    expect((await radiologist.request('DELETE', `/api/shares/${id}`)).statusCode).toBe(204);
    await closeWindow();
    const before = await lastId();
    for (let i = 0; i < 50; i++)
      expect((await replayer.get(`/dicomweb/studies/${F.study}/metadata`)).statusCode).toBe(401);
    const atOnce = await rowsAfter(before);
    expect(atOnce.map((row) => [row.type, row.share_id, detailOf(row).code])).toEqual([
      ['request.denied', id, 'SHARE_REVOKED'],
    ]);
    await closeWindow();
    const summary = (await rowsAfter(atOnce[0]!.id)).filter((row) => row.share_id === id);
    expect(summary.map((row) => [row.type, detailOf(row).code, detailOf(row).repeats])).toEqual([
      ['request.denied', 'SHARE_REVOKED', 49],
    ]);
    expect(await verifyChain(h.store.auditLog)).toMatchObject({ ok: true });
  });
});

describe('refusals are audited (finding 8)', () => {
  it('a share session on the staff API', async () => {
    await closeWindow();
    const before = await lastId();
    expect((await recipient.get('/api/shares')).statusCode).toBe(403);
    const [row, ...rest] = await rowsAfter(before);
    expect(rest).toEqual([]);
    expect(row).toMatchObject({
      type: 'request.denied',
      outcome: 'failure',
      actor_kind: 'share',
      share_id: shareId,
      ip: '127.0.0.1',
    });
    expect(detailOf(row!)).toMatchObject({
      code: 'SHARE_NOT_ALLOWED',
      status: 403,
      method: 'GET',
      route: '/api/shares',
    });
  });

  it('a radiologist on an admin-only path', async () => {
    const before = await lastId();
    expect((await radiologist.get('/api/audit/export?format=fhir')).statusCode).toBe(403);
    const [row, ...rest] = await rowsAfter(before);
    expect(rest).toEqual([]);
    expect(row).toMatchObject({ type: 'request.denied', actor_kind: 'staff', actor_name: 'dr.house' });
    expect(detailOf(row!)).toMatchObject({ code: 'FORBIDDEN', status: 403, route: '/api/audit/export' });
  });

  it('a CSRF refusal', async () => {
    const before = await lastId();
    const forged = radiologist.clone();
    forged.csrf = undefined;
    expect(
      (await forged.post('/api/shares', { studyInstanceUIDs: [F.study], expiresInSeconds: 3600 })).statusCode,
    ).toBe(403);
    const [row, ...rest] = await rowsAfter(before);
    expect(rest).toEqual([]);
    expect(row).toMatchObject({ type: 'request.denied', actor_kind: 'staff', actor_name: 'dr.house' });
    expect(detailOf(row!)).toMatchObject({ code: 'CSRF_REFUSED', status: 403, method: 'POST', route: '/api/shares' });
  });

  it('DICOMweb requests of a share session refused at parse time (400) or by method (405)', async () => {
    const before = await lastId();
    expect((await recipient.get(`/dicomweb/studies//${F.study}/metadata`)).statusCode).toBe(400);
    expect((await recipient.request('PUT', `/dicomweb/studies/${F.study}`)).statusCode).toBe(405);
    const rows = await rowsAfter(before);
    expect(
      rows.map((row) => [row.type, row.actor_kind, row.share_id, detailOf(row).status, detailOf(row).method]),
    ).toEqual([
      ['request.denied', 'share', shareId, 400, 'GET'],
      ['request.denied', 'share', shareId, 405, 'PUT'],
    ]);
    expect(detailOf(rows[1]!).code).toBe('METHOD_NOT_ALLOWED');
  });

  it('a guard denial is recorded once, not again by the refusal hook', async () => {
    const before = await lastId();
    expect((await recipient.get(`/dicomweb/studies/${G.study}/metadata`)).statusCode).toBe(403);
    const rows = await rowsAfter(before);
    expect(rows.map((row) => [row.type, detailOf(row).code, row.studies])).toEqual([
      ['request.denied', 'OUT_OF_SCOPE', JSON.stringify([G.study])],
    ]);
  });

  it('the same refusal repeated within a minute is one record at once and one count', async () => {
    await closeWindow();
    const before = await lastId();
    for (let i = 0; i < 10; i++) expect((await recipient.get('/api/shares')).statusCode).toBe(403);
    expect(await rowsAfter(before)).toHaveLength(1);
    await closeWindow();
    const rows = (await rowsAfter(before)).filter((row) => row.share_id === shareId);
    expect(rows.map((row) => [detailOf(row).code, detailOf(row).repeats ?? null])).toEqual([
      ['SHARE_NOT_ALLOWED', null],
      ['SHARE_NOT_ALLOWED', 9],
    ]);
    expect(await verifyChain(h.store.auditLog)).toMatchObject({ ok: true });
  });

  it('unknown share tokens are counted per address', async () => {
    await closeWindow();
    const before = await lastId();
    for (let i = 0; i < 20; i++) {
      const response = await h.app.inject({
        method: 'GET',
        url: `/s/${'B'.repeat(40)}${String(i).padStart(3, '0')}`,
        remoteAddress: '192.0.2.44',
      });
      expect(response.statusCode).toBe(404);
    }
    expect(await rowsAfter(before)).toEqual([]);
    await closeWindow();
    const rows = (await rowsAfter(before)).filter((row) => row.ip === '192.0.2.44');
    expect(rows.map((row) => [row.type, detailOf(row).credential, detailOf(row).count])).toEqual([
      ['credential.unknown', 'share-link', 20],
    ]);
    expect(rows[0]!.detail).not.toContain('BBBB');
  });
});

describe('closing the gateway', () => {
  it('writes the counts of the minute still open', async () => {
    const other = await startHarness({ corpusDir, withUsers: false });
    try {
      for (let i = 0; i < 7; i++)
        await other.app.inject({
          method: 'GET',
          url: '/api/me',
          headers: { cookie: `sr_share=${MADE_UP}` },
          remoteAddress: '192.0.2.77',
        });
      await other.app.close();
      const store = await openStore(other.dataDir);
      const rows = (await auditRows(store.auditLog)).filter((row) => row.type === 'credential.unknown');
      await store.close();
      expect(rows.map((row) => [row.ip, JSON.parse(row.detail).credential, JSON.parse(row.detail).count])).toEqual([
        ['192.0.2.77', 'share-session', 7],
      ]);
    } finally {
      rmSync(other.dataDir, { recursive: true, force: true });
    }
  });
});
