import { spawnSync } from 'node:child_process';
import { auditRows as allAuditRows } from '../../../test/support/auditRows';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusDir } from '../../../test/support/corpus';
import { shareAndOpen, startHarness, STUDIES, type Client, type Harness } from '../../../test/support/sharing/harness';

/**
 * Downloads through the real app, archive and store: the zip holds exactly the instances the
 * caller may retrieve, byte for byte as WADO-RS serves them, with a DICOMDIR dcmtk reads.
 */
let h: Harness;
let admin: Client;
let multiSeries: string[];
const scratch = mkdtempSync(path.join(os.tmpdir(), 'secondread-download-'));

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const uidsIn = (body: string, tag: string) =>
  (JSON.parse(body) as Record<string, { Value?: string[] }>[]).map((d) => d[tag]!.Value![0]!);

/** sha256 of each instance of the study (optionally: of these series) as WADO-RS Retrieve Instance gives it. */
async function wadoHashes(study: string, onlySeries?: string[]): Promise<string[]> {
  const series = onlySeries ?? uidsIn((await admin.get(`/dicomweb/studies/${study}/series`)).body, '0020000E');
  const hashes: string[] = [];
  for (const uid of series) {
    for (const instance of uidsIn(
      (await admin.get(`/dicomweb/studies/${study}/series/${uid}/instances`)).body,
      '00080018',
    )) {
      const response = await admin.get(`/dicomweb/studies/${study}/series/${uid}/instances/${instance}`, {
        accept: 'application/dicom; transfer-syntax=*',
      });
      expect(response.statusCode).toBe(200);
      hashes.push(sha256(response.rawPayload));
    }
  }
  return hashes.sort();
}

interface Unzipped {
  files: Record<string, Uint8Array>;
  dump: string;
}

/** The zip's entries (unzip -t must pass), and dcmdump's reading of its DICOMDIR (which must succeed without warnings). */
function openZip(bytes: Buffer, name: string): Unzipped {
  const zip = path.join(scratch, `${name}.zip`);
  writeFileSync(zip, bytes);
  const test = spawnSync('unzip', ['-tq', zip], { encoding: 'utf8' });
  expect(test.status, test.stdout).toBe(0);
  const files = unzipSync(bytes);
  const file = path.join(scratch, `${name}-DICOMDIR`);
  writeFileSync(file, files.DICOMDIR!);
  const dump = spawnSync('dcmdump', ['+U8', file], { encoding: 'utf8' });
  expect(dump.status, dump.stderr).toBe(0);
  expect(dump.stderr).toBe('');
  return { files, dump: dump.stdout };
}

const instanceHashes = (files: Record<string, Uint8Array>) =>
  Object.entries(files)
    .filter(([name]) => name !== 'DICOMDIR')
    .map(([, bytes]) => sha256(bytes))
    .sort();
const referencedFiles = (dump: string) =>
  [...dump.matchAll(/\(0004,1500\) CS \[([^\]]+)\]/g)].map((m) => m[1]!.replaceAll('\\', '/')).sort();
const recordCount = (dump: string, type: string) =>
  dump.match(new RegExp(`\\(0004,1430\\) CS \\[${type}\\]`, 'g'))?.length ?? 0;
const auditRows = async (type: string) => (await allAuditRows(h.store.auditLog)).filter((row) => row.type === type);

beforeAll(async () => {
  h = await startHarness({ corpusDir });
  admin = await h.signedIn('admin');
  multiSeries = uidsIn((await admin.get(`/dicomweb/studies/${STUDIES.multi.study}/series`)).body, '0020000E').sort();
});
afterAll(async () => {
  await h.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('staff download', () => {
  it('gives the study as a zip of its instances, byte for byte, with a DICOMDIR naming every file', async () => {
    const response = await admin.get(`/api/studies/${STUDIES.multi.study}/download`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('application/zip');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="study-${STUDIES.multi.study}.zip"`);
    const { files, dump } = openZip(response.rawPayload, 'staff');

    expect(instanceHashes(files)).toEqual(await wadoHashes(STUDIES.multi.study));
    const names = Object.keys(files)
      .filter((name) => name !== 'DICOMDIR')
      .sort();
    expect(names).toHaveLength(3);
    for (const name of names) expect(name).toMatch(/^DICOM\/P0001\/S0001\/SE000[1-3]\/IM0001$/);
    expect(referencedFiles(dump)).toEqual(names);
    expect([
      recordCount(dump, 'PATIENT'),
      recordCount(dump, 'STUDY'),
      recordCount(dump, 'SERIES'),
      recordCount(dump, 'IMAGE'),
    ]).toEqual([1, 1, 3, 3]);
    expect(dump).toContain(`(0020,000d) UI [${STUDIES.multi.study}]`);
  });

  it('lists each file with the SOP instance and transfer syntax its own File Meta names', async () => {
    const response = await admin.get(`/api/studies/${STUDIES.french.study}/download`);
    const { files, dump } = openZip(response.rawPayload, 'french');
    const file = path.join(scratch, 'french-instance');
    writeFileSync(file, files['DICOM/P0001/S0001/SE0001/IM0001']!);
    const meta = spawnSync('dcmdump', ['-M', '+P', '0002,0003', '+P', '0002,0010', file], { encoding: 'utf8' }).stdout;
    const [instance, syntax] = [...meta.matchAll(/\) UI (\S+)/g)].map((m) => m[1]);
    expect(instance).toBe(`[${STUDIES.french.instance}]`);
    expect(dump).toContain(`(0004,1511) UI [${STUDIES.french.instance}]`);
    expect(dump).toContain(`(0004,1512) UI ${syntax}`);
    expect(dump).toContain('(0004,1430) CS [PATIENT]');
  });

  it('audits the download with its studies and instance count', async () => {
    const before = (await auditRows('study.downloaded')).length;
    await admin.get(`/api/studies/${STUDIES.greek.study}/download`);
    const rows = await auditRows('study.downloaded');
    expect(rows).toHaveLength(before + 1);
    const row = rows.at(-1)!;
    expect(row.actor_name).toBe('admin');
    expect(JSON.parse(row.studies!)).toEqual([STUDIES.greek.study]);
    expect(JSON.parse(row.detail)).toEqual({ instances: 1, series: [STUDIES.greek.series] });
  });

  it('answers 404 for a study that is not there, 400 for a malformed UID, 401 without a session', async () => {
    const missing = await admin.get('/api/studies/1.2.3.4.5.6.7/download');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error: 'STUDY_NOT_FOUND' });
    const malformed = await admin.get('/api/studies/1.2.x/download');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ error: 'INVALID_UID' });
    const anonymous = await h.client().get(`/api/studies/${STUDIES.multi.study}/download`);
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toMatch(/^application\/json/);
  });
});

describe('share download', () => {
  it('is refused with DOWNLOAD_NOT_ALLOWED when the share does not allow it, like instance retrieval', async () => {
    const { id, recipient } = await shareAndOpen(h, admin, { studyInstanceUIDs: [STUDIES.french.study] });
    const response = await recipient.get('/api/share-session/download');
    expect(response.statusCode).toBe(403);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.json()).toEqual({
      error: 'DOWNLOAD_NOT_ALLOWED',
      message: 'This share does not allow downloading',
    });
    const instance = await recipient.get(
      `/dicomweb/studies/${STUDIES.french.study}/series/${STUDIES.french.series}/instances/${STUDIES.french.instance}`,
    );
    expect(instance.statusCode).toBe(403);
    expect(instance.json()).toMatchObject({ error: 'DOWNLOAD_NOT_ALLOWED' });
    const study = await recipient.get(`/dicomweb/studies/${STUDIES.french.study}`);
    expect(study.statusCode).toBe(403);
    expect(study.json()).toMatchObject({ error: 'DOWNLOAD_NOT_ALLOWED' });
    const denied = (await h.store.auditLog.forShare(id))
      .filter((row) => row.type === 'request.denied')
      .map((row) => JSON.parse(row.detail) as Record<string, unknown>);
    expect(denied.some((detail) => detail.code === 'DOWNLOAD_NOT_ALLOWED' && detail.request === 'download')).toBe(true);
    expect((await h.store.auditLog.forShare(id)).map((row) => row.type)).not.toContain('study.downloaded');
  });

  it('gives every shared study, and nothing else, when the share allows it', async () => {
    const { id, recipient } = await shareAndOpen(h, admin, {
      studyInstanceUIDs: [STUDIES.multi.study, STUDIES.french.study],
      allowDownload: true,
    });
    const response = await recipient.get('/api/share-session/download');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['cache-control']).toBe('private, no-store');
    const { files, dump } = openZip(response.rawPayload, 'share');
    const expected = [...(await wadoHashes(STUDIES.multi.study)), ...(await wadoHashes(STUDIES.french.study))].sort();
    expect(instanceHashes(files)).toEqual(expected);
    expect(referencedFiles(dump)).toEqual(
      Object.keys(files)
        .filter((name) => name !== 'DICOMDIR')
        .sort(),
    );
    expect(recordCount(dump, 'STUDY')).toBe(2);
    expect(dump).not.toContain(STUDIES.greek.study);
    const downloaded = (await h.store.auditLog.forShare(id)).filter((row) => row.type === 'study.downloaded');
    expect(downloaded).toHaveLength(1);
    expect(JSON.parse(downloaded[0]!.studies!).sort()).toEqual([STUDIES.multi.study, STUDIES.french.study].sort());
    expect(downloaded[0]!.actor_kind).toBe('share');
  });

  it('holds only the shared series of a series-scoped share', async () => {
    const { recipient } = await shareAndOpen(h, admin, {
      studyInstanceUIDs: [STUDIES.multi.study],
      seriesInstanceUIDs: [multiSeries[1]],
      allowDownload: true,
    });
    const response = await recipient.get('/api/share-session/download');
    expect(response.statusCode, response.body).toBe(200);
    const { files, dump } = openZip(response.rawPayload, 'series');
    expect(instanceHashes(files)).toEqual(await wadoHashes(STUDIES.multi.study, [multiSeries[1]!]));
    expect(Object.keys(files).sort()).toEqual(['DICOM/P0001/S0001/SE0001/IM0001', 'DICOMDIR']);
    expect(recordCount(dump, 'SERIES')).toBe(1);
    expect(dump).toContain(`(0020,000e) UI [${multiSeries[1]}]`);
    for (const other of [multiSeries[0], multiSeries[2]]) expect(dump).not.toContain(other);
  });

  it('keeps a share recipient off the staff route, and a staff member off the share route', async () => {
    const { recipient } = await shareAndOpen(h, admin, {
      studyInstanceUIDs: [STUDIES.french.study],
      allowDownload: true,
    });
    for (const study of [STUDIES.french.study, STUDIES.greek.study]) {
      const response = await recipient.get(`/api/studies/${study}/download`);
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ error: 'SHARE_NOT_ALLOWED' });
    }
    const staff = await admin.get('/api/share-session/download');
    expect(staff.statusCode).toBe(401);
    expect(staff.json()).toMatchObject({ error: 'UNAUTHENTICATED' });
  });
});
