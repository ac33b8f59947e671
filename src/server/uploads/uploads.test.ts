import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STOW_TYPE, stowBody } from '../../../test/support/archive/archiveFixture';
import { auditRows } from '../../../test/support/auditRows';
import { corpusDir, entryFiles, manifest } from '../../../test/support/corpus';
import { quarantineState } from '../../../test/support/quarantineConsistency';
import { DAY, startHarness, STUDIES, type Client, type Harness } from '../../../test/support/sharing/harness';
import type { DicomJsonDataset } from '../../dicom/json';
import type { UploadSummary } from '../../api/uploads';
import { withPatientID } from '../quarantine/rewritePatientId';

/**
 * Upload links end to end through the gateway (inject) on the embedded archive: link → session →
 * STOW-RS into quarantine → staff review (list, accept, reject), and what an upload session and
 * staff can and cannot see meanwhile.
 */
const series = manifest.entries.find((e) => e.path === 'series/ct-liver-3slice-with-seg/')!;
const seriesFiles = entryFiles(series);
const STUDY = series.studyInstanceUID!;
const malformed = manifest.entries.filter((e) => e.category === 'malformed');

let h: Harness;
let admin: Client;

beforeAll(async () => {
  h = await startHarness({ corpusDir });
  admin = await h.signedIn('admin');
});
afterAll(() => h.close());

const values = (body: DicomJsonDataset, tag: string) => (body[tag]?.Value ?? []) as DicomJsonDataset[];

async function newLink(label = 'CD from Mrs Smith', expiresInSeconds = 3600) {
  const created = await admin.post('/api/upload-links', { label, expiresInSeconds });
  expect(created.statusCode, created.body).toBe(201);
  const { id, url } = created.json<{ id: string; url: string }>();
  return { id, token: url.split('/u/')[1]! };
}

/** Opens the link in a fresh browser-like client, which then holds the upload session and its CSRF token. */
async function openLink(token: string): Promise<Client> {
  const uploader = h.client();
  const opened = await uploader.get(`/u/${token}`);
  expect(opened.statusCode, opened.body).toBe(303);
  expect(opened.headers.location).toBe('/upload');
  const session = await uploader.get('/api/upload-session');
  expect(session.statusCode, session.body).toBe(200);
  uploader.csrf = session.json<{ csrfToken: string }>().csrfToken;
  return uploader;
}

const stow = (client: Client, files: Uint8Array[], url = '/dicomweb/studies') =>
  client.post(url, stowBody(files), { 'content-type': STOW_TYPE });

const read = (file: string) => new Uint8Array(readFileSync(file));

async function uploads(): Promise<UploadSummary[]> {
  const response = await admin.get('/api/uploads');
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ uploads: UploadSummary[] }>().uploads;
}

async function staffSees(study: string) {
  const search = await admin.get(`/dicomweb/studies?StudyInstanceUID=${study}`);
  const list = await admin.get('/dicomweb/studies?limit=1000');
  const metadata = await admin.get(`/dicomweb/studies/${study}/metadata`);
  const uids = (r: typeof search) => r.json<DicomJsonDataset[]>().map((d) => d['0020000D']?.Value?.[0]);
  return { search: uids(search), list: uids(list), metadataStatus: metadata.statusCode };
}

describe('upload links', () => {
  let link: { id: string; token: string };
  let uploader: Client;
  let uploadId: string;

  it('opening the link starts an upload session and sends the browser to the upload page', async () => {
    link = await newLink();
    uploader = await openLink(link.token);
    const session = (await uploader.get('/api/upload-session')).json<Record<string, unknown>>();
    expect(session).toMatchObject({ linkId: link.id, label: 'CD from Mrs Smith', institution: null });
    expect(uploader.cookies.has('sr_upload')).toBe(true);
  });

  it('a STOW-RS without the session CSRF token is refused and stores nothing', async () => {
    const forged = uploader.clone();
    forged.csrf = undefined;
    const response = await stow(forged, [read(seriesFiles[0]!)]);
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ error: 'CSRF_REFUSED' });
    expect(quarantineState(h.dataDir).rows).toEqual([]);
  });

  it('a STOW-RS of a corpus series is answered 200 with every instance, and goes to quarantine only', async () => {
    const response = await stow(uploader, seriesFiles.map(read));
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<DicomJsonDataset>();
    expect(
      values(body, '00081199')
        .map((i) => i['00081155']?.Value?.[0])
        .sort(),
    ).toEqual(series.files!.map((f) => f.sopInstanceUID).sort());
    expect(body['00081198']).toBeUndefined();

    const state = quarantineState(h.dataDir);
    expect(state.rows).toHaveLength(3);
    expect(state).toMatchObject({ rowsWithoutFile: [], filesWithoutRow: [], tempFiles: [] });
    // Nothing reached the archive: staff searches, the study list and WADO-RS know nothing of it.
    expect(await staffSees(STUDY)).toEqual({
      search: [],
      list: expect.not.arrayContaining([STUDY]),
      metadataStatus: 404,
    });
    expect((await staffSees(STUDY)).list).toContain(STUDIES.french.study);
  });

  it('the same files again are successes that write nothing new', async () => {
    const before = quarantineState(h.dataDir).rows;
    const response = await stow(uploader, seriesFiles.map(read));
    expect(response.statusCode).toBe(200);
    const items = values(response.json(), '00081199');
    expect(items.map((item) => item['00000902']?.Value?.[0])).toEqual(Array(3).fill(expect.stringMatching(/^Already/)));
    expect(quarantineState(h.dataDir).rows.sort()).toEqual(before.sort());
    const received = (await auditRows(h.store.auditLog)).filter((r) => r.type === 'upload.received');
    expect(JSON.parse(received.at(-1)!.detail)).toMatchObject({ instances: 3, stored: 0, duplicates: 3, failed: 0 });
    expect(JSON.parse(received.at(-2)!.detail)).toMatchObject({ instances: 3, stored: 3, duplicates: 0 });
    expect(received.at(-1)).toMatchObject({ actor_kind: 'upload', actor_id: link.id, actor_name: 'CD from Mrs Smith' });
  });

  it('under the upload session every other DICOMweb request is 403 UPLOAD_ONLY and names nothing', async () => {
    const { study, series: seriesUid, instance } = STUDIES.french;
    for (const url of [
      '/dicomweb/studies',
      `/dicomweb/studies?StudyInstanceUID=${STUDY}`,
      `/dicomweb/studies/${study}/metadata`,
      `/dicomweb/studies/${study}/series/${seriesUid}/instances/${instance}`,
      `/dicomweb/studies/${STUDY}/series`,
    ]) {
      const response = await uploader.get(url);
      expect(response.statusCode, url).toBe(403);
      expect(response.json()).toEqual({ error: 'UPLOAD_ONLY', message: 'An upload link can only send images' });
    }
    // Nor the staff API.
    const api = await uploader.get('/api/uploads');
    expect(api.statusCode).toBe(403);
    expect(api.body).not.toContain(STUDY);
  });

  it('Incoming lists the upload with its link, patient, series counts, bytes and no mismatch', async () => {
    const [upload, ...others] = await uploads();
    expect(others).toEqual([]);
    uploadId = upload!.id;
    const bytes = seriesFiles.reduce((sum, f) => sum + readFileSync(f).length, 0);
    expect(upload).toMatchObject({
      linkId: link.id,
      linkLabel: 'CD from Mrs Smith',
      forwardTo: null,
      patient: { id: '99000', name: 'JANCT000', birthDate: null },
      study: { uid: STUDY, modalities: ['CT'] },
      series: [{ uid: series.seriesInstanceUID, modality: 'CT', instances: 3 }],
      instances: 3,
      bytes,
      mismatches: [],
    });
    expect(upload!.uploadedFrom).toBe('127.0.0.1');
    const links = (await admin.get('/api/upload-links')).json<{ links: { id: string; uploads: number }[] }>().links;
    expect(links.find((l) => l.id === link.id)?.uploads).toBe(1);
  });

  it('flags a study already in the archive, and a Patient ID the archive knows under another name', async () => {
    const other = await openLink((await newLink('Second CD')).token);
    // The French study is in the archive already; a CT slice relabelled with its Patient ID is not.
    const french = read(path.join(corpusDir, STUDIES.french.files[0]));
    const relabelled = withPatientID(read(seriesFiles[0]!), 'SCSFREN');
    expect((await stow(other, [french, relabelled])).statusCode).toBe(200);
    const found = await uploads();
    const again = found.find((u) => u.study.uid === STUDIES.french.study)!;
    const impostor = found.find((u) => u.study.uid === STUDY && u.linkLabel === 'Second CD')!;
    expect(again.mismatches).toEqual([expect.stringMatching(/already in the archive/)]);
    expect(impostor.patient.id).toBe('SCSFREN');
    expect(impostor.mismatches).toEqual([
      expect.stringMatching(/^Patient ID SCSFREN is in the archive under another name \(Buc\^J.r.me\), not JANCT000$/),
    ]);
    // Rejected: rows and files go, nothing reaches the archive.
    for (const upload of [again, impostor]) {
      const rejected = await admin.request('DELETE', `/api/uploads/${upload.id}`);
      expect(rejected.statusCode).toBe(204);
      expect(existsSync(path.join(h.dataDir, 'quarantine', upload.id))).toBe(false);
      expect(await h.store.uploads.get(upload.id)).toBeUndefined();
    }
    expect((await uploads()).map((u) => u.id)).toEqual([uploadId]);
    expect(quarantineState(h.dataDir)).toMatchObject({
      rows: expect.any(Array),
      filesWithoutRow: [],
      emptyUploads: [],
    });
    expect(quarantineState(h.dataDir).rows.every((r) => r.startsWith(`${uploadId}/`))).toBe(true);
    const rejections = (await auditRows(h.store.auditLog)).filter((r) => r.type === 'upload.rejected');
    expect(rejections).toHaveLength(2);
  });

  it('accept stores the study with the reconciled Patient ID and empties its quarantine; a second accept finds nothing', async () => {
    const accepted = await admin.post(`/api/uploads/${uploadId}/accept`, { patientID: 'MRN-4711' });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toEqual({ studyInstanceUID: STUDY, instances: 3 });
    const found = (await admin.get(`/dicomweb/studies?StudyInstanceUID=${STUDY}&includefield=00100020`)).json<
      DicomJsonDataset[]
    >();
    expect(found.map((d) => d['00100020']?.Value?.[0])).toEqual(['MRN-4711']);
    expect((await staffSees(STUDY)).list).toContain(STUDY);
    expect(existsSync(path.join(h.dataDir, 'quarantine', uploadId))).toBe(false);
    expect(await uploads()).toEqual([]);
    const again = await admin.post(`/api/uploads/${uploadId}/accept`, {});
    expect(again.statusCode).toBe(404);
    const record = (await auditRows(h.store.auditLog)).find((r) => r.type === 'upload.accepted')!;
    expect(JSON.parse(record.detail)).toMatchObject({ uploadId, instances: 3, failed: 0, patientIDChanged: true });
    expect(record.detail).not.toContain('MRN-4711');
  });

  it('staff see the uploads of their own links and of links forwarded to them; admins see all', async () => {
    const radiologist = await h.signedIn('radiologist');
    const unknown = await admin.post('/api/upload-links', { label: 'x', expiresInSeconds: 600, forwardTo: 'nobody' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ error: 'USER_NOT_FOUND' });
    const forwarded = await admin.post('/api/upload-links', {
      label: 'For Dr House',
      expiresInSeconds: 600,
      forwardTo: 'dr.house',
    });
    expect(forwarded.statusCode).toBe(201);
    const client = await openLink(forwarded.json<{ url: string }>().url.split('/u/')[1]!);
    expect((await stow(client, [read(path.join(corpusDir, STUDIES.greek.files[0]))])).statusCode).toBe(200);
    const mine = (await radiologist.get('/api/uploads')).json<{ uploads: UploadSummary[] }>().uploads;
    expect(mine.map((u) => [u.linkLabel, u.forwardTo])).toEqual([['For Dr House', 'dr.house']]);
    expect((await uploads()).map((u) => u.id)).toEqual([mine[0]!.id]);
    const theirs = (await radiologist.get('/api/upload-links')).json<{ links: unknown[] }>().links;
    expect(theirs).toEqual([]);
    // A Patient ID that is not plain LO text is refused before anything moves.
    const bad = await radiologist.post(`/api/uploads/${mine[0]!.id}/accept`, { patientID: 'A\\B' });
    expect(bad.statusCode).toBe(400);
    expect((await radiologist.request('DELETE', `/api/uploads/${mine[0]!.id}`)).statusCode).toBe(204);
    expect((await radiologist.request('DELETE', `/api/uploads/${uploadId}`)).statusCode).toBe(404);
  });

  it('malformed files are answered one by one with a reason; what is kept has a row and a file', async () => {
    const other = await openLink((await newLink('Malformed CD')).token);
    for (const entry of malformed) {
      const response = await stow(other, [read(entryFiles(entry)[0]!)]);
      const body = response.json<DicomJsonDataset>();
      const ok = values(body, '00081199');
      const failed = values(body, '00081198');
      expect(ok.length + failed.length, entry.path).toBe(1);
      if (failed.length === 1) {
        expect(response.statusCode, entry.path).toBe(409);
        expect(String(failed[0]!['00000902']?.Value?.[0]), entry.path).toMatch(/^[A-Z].{15,}/);
        expect(failed[0]!['00081197']?.Value?.[0], entry.path).toEqual(expect.any(Number));
      }
      if (entry.expectedBehaviour === 'reject') expect(failed, entry.path).toHaveLength(1);
    }
    const state = quarantineState(h.dataDir);
    expect(state).toMatchObject({ rowsWithoutFile: [], filesWithoutRow: [], tempFiles: [] });
    expect(state.rows.length).toBeGreaterThan(20);
  });

  it('a revoked link stops the session at once and its address shows a page saying so', async () => {
    const revoked = await newLink('Revoked CD');
    const client = await openLink(revoked.token);
    expect((await admin.request('DELETE', `/api/upload-links/${revoked.id}`)).statusCode).toBe(204);
    const response = await stow(client, [read(seriesFiles[0]!)]);
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ error: 'LINK_REVOKED' });
    const page = await h.client().get(`/u/${revoked.token}`);
    expect(page.statusCode).toBe(410);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('This upload link was withdrawn');
    expect((await client.get('/api/upload-session')).statusCode).toBe(401);
  });

  it('an expired link is refused, and links longer than UPLOAD_LINK_MAX_DAYS are not made', async () => {
    const expiring = await newLink('Expiring CD', 600);
    const client = await openLink(expiring.token);
    h.clock.advance(601_000);
    const response = await stow(client, [read(seriesFiles[0]!)]);
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ error: 'LINK_EXPIRED' });
    const page = await h.client().get(`/u/${expiring.token}`);
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('This upload link has expired');
    const unknown = await h.client().get('/u/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('This upload link is not valid');

    const tooLong = await admin.post('/api/upload-links', { label: 'x', expiresInSeconds: (31 * DAY) / 1000 });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json()).toMatchObject({ error: 'EXPIRY_TOO_LONG' });
  });
});

describe("an upload link's quota (UPLOAD_LINK_MAX_BYTES)", () => {
  let small: Harness;
  const sizes = seriesFiles.map((file) => statSync(file).size);
  beforeAll(async () => {
    // Room for the first two slices of the series, not the third.
    small = await startHarness({ corpusDir, settings: { uploadLinkMaxBytes: sizes[0]! + sizes[1]! + 100 } });
  });
  afterAll(() => small.close());

  it('keeps what fits, refuses the rest with the reason, and a re-sent file still counts once', async () => {
    const staff = await small.signedIn('admin');
    const created = await staff.post('/api/upload-links', { label: 'A big CD', expiresInSeconds: 3600 });
    const uploader = small.client();
    expect((await uploader.get(`/u/${created.json<{ url: string }>().url.split('/u/')[1]}`)).statusCode).toBe(303);
    uploader.csrf = (await uploader.get('/api/upload-session')).json<{ csrfToken: string }>().csrfToken;

    const response = await stow(uploader, seriesFiles.map(read));
    expect(response.statusCode).toBe(202);
    expect(values(response.json(), '00081199')).toHaveLength(2);
    const [refused] = values(response.json(), '00081198');
    expect(refused!['00081197']?.Value?.[0]).toBe(0xa700);
    expect(String(refused!['00000902']?.Value?.[0])).toMatch(/^This upload link holds all it may/);
    expect(quarantineState(small.dataDir).rows).toHaveLength(2);

    const again = await stow(uploader, [read(seriesFiles[0]!)]);
    expect(again.statusCode).toBe(200);
    expect(quarantineState(small.dataDir).rows).toHaveLength(2);
  });
});
