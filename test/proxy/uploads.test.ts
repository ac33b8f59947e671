import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UploadSummary } from '../../src/api/uploads';
import { STOW_TYPE, stowBody } from '../support/archive/archiveFixture';
import { corpusDir, entryFiles, manifest } from '../support/corpus';
import { loadIntoOrthanc, startOrthanc, type RunningOrthanc } from '../support/orthanc';
import { quarantineState } from '../support/quarantineConsistency';
import { startProxyGateway, type ProxyGateway } from '../support/sharing/proxyGateway';
import { Client, STUDIES } from '../support/sharing/harness';

/**
 * An upload link in proxy mode, into an Orthanc of its own (the shared one must stay as loaded):
 * what is sent waits in the gateway's quarantine, Orthanc never sees it until staff accept it,
 * and accepting stores it upstream by STOW-RS with the reconciled Patient ID.
 */
const series = manifest.entries.find((e) => e.path === 'series/ct-liver-3slice-with-seg/')!;
const STUDY = series.studyInstanceUID!;

let orthanc: RunningOrthanc;
let gateway: ProxyGateway;
let app: FastifyInstance;
let dataDir: string;
let admin: Client;

type Json = Record<string, { Value?: unknown[] }>;

/** What Orthanc itself holds of a study, asked of Orthanc directly. */
async function inOrthanc(study: string): Promise<Json[]> {
  const response = await fetch(`${orthanc.baseUrl}/studies?StudyInstanceUID=${study}&includefield=00100020`);
  const text = await response.text();
  return text === '' ? [] : (JSON.parse(text) as Json[]);
}

beforeAll(async () => {
  orthanc = await startOrthanc();
  const report = await loadIntoOrthanc(
    orthanc.restUrl,
    STUDIES.french.files.map((file) => path.join(corpusDir, file)),
  );
  expect(report.rejected).toEqual([]);
  gateway = await startProxyGateway(orthanc.baseUrl);
  ({ app, dataDir, admin } = gateway);
}, 120_000);
afterAll(async () => {
  await gateway?.close();
  await orthanc?.stop();
});

describe('upload links in proxy mode', () => {
  it('quarantine the upload away from Orthanc, then accept it into Orthanc with the reconciled Patient ID', async () => {
    const created = await admin.post('/api/upload-links', { label: 'CD via proxy', expiresInSeconds: 3600 });
    expect(created.statusCode).toBe(201);
    const token = created.json<{ url: string }>().url.split('/u/')[1]!;
    const uploader = new Client(app);
    expect((await uploader.get(`/u/${token}`)).statusCode).toBe(303);
    uploader.csrf = (await uploader.get('/api/upload-session')).json<{ csrfToken: string }>().csrfToken;

    const files = entryFiles(series).map((f) => new Uint8Array(readFileSync(f)));
    const stored = await uploader.post('/dicomweb/studies', stowBody(files), { 'content-type': STOW_TYPE });
    expect(stored.statusCode, stored.body).toBe(200);
    expect(await inOrthanc(STUDY)).toEqual([]);
    expect((await admin.get(`/dicomweb/studies?StudyInstanceUID=${STUDY}`)).json()).toEqual([]);

    const [upload] = (await admin.get('/api/uploads')).json<{ uploads: UploadSummary[] }>().uploads;
    expect(upload).toMatchObject({ study: { uid: STUDY }, instances: 3, mismatches: [] });

    const accepted = await admin.post(`/api/uploads/${upload!.id}/accept`, { patientID: 'PROXY-MRN-1' });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json()).toEqual({ studyInstanceUID: STUDY, instances: 3 });
    expect((await inOrthanc(STUDY)).map((d) => d['00100020']?.Value?.[0])).toEqual(['PROXY-MRN-1']);
    expect(quarantineState(dataDir).rows).toEqual([]);
    expect((await admin.get('/api/uploads')).json()).toEqual({ uploads: [] });
  });
});
