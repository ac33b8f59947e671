import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusDir } from '../support/corpus';
import { startOrthanc, type RunningOrthanc } from '../support/orthanc';
import { startProxyGateway, type ProxyGateway } from '../support/sharing/proxyGateway';
import { Client } from '../support/sharing/harness';
import { createPatientLink, patientStudyBytes, type MadeUpStudy } from '../support/sharing/patientFixtures';

/**
 * Patient links in proxy mode, against an Orthanc of its own: Orthanc's QIDO-RS matches `*` and
 * `?` as wildcards too, so the exact-Patient-ID check and the share rule must hold there as well.
 */
let orthanc: RunningOrthanc;
let gateway: ProxyGateway;
let app: FastifyInstance;
let admin: Client;
const made: Record<string, MadeUpStudy> = {};

const studiesIn = (body: string) =>
  body === ''
    ? []
    : (JSON.parse(body) as Record<string, { Value?: string[] }>[]).map((d) => d['0020000D']?.Value?.[0]).sort();

async function patientOf(token: string): Promise<Client> {
  const patient = new Client(app);
  const opened = await patient.post(`/p/${token}`, { birthDate: '1980-02-15' });
  expect(opened.statusCode, opened.body).toBe(200);
  return patient;
}

beforeAll(async () => {
  orthanc = await startOrthanc();
  for (const [key, patientID, patientName] of [
    ['jane', 'PAT-1', 'Doe^Jane'],
    ['ten', 'PAT-10', 'Roe^Ten'],
    ['star', 'PAT-*', 'Star^Wild'],
    ['question', 'PAT-1?', 'Mark^Query'],
  ] as const) {
    const { bytes, made: study } = patientStudyBytes(corpusDir, { patientID, patientName, birthDate: '19800215' });
    const stored = await fetch(`${orthanc.restUrl}/instances`, {
      method: 'POST',
      headers: { 'content-type': 'application/dicom' },
      body: Buffer.from(bytes),
    });
    expect(stored.status).toBe(200);
    made[key] = study;
  }
  gateway = await startProxyGateway(orthanc.baseUrl);
  ({ app, admin } = gateway);
});
afterAll(async () => {
  await gateway?.close();
  await orthanc?.stop();
});

describe('patient links through the proxy', () => {
  it('each wildcard-looking Patient ID opens its own study only, whatever the filters', async () => {
    for (const key of ['jane', 'ten', 'star', 'question'] as const) {
      const own = made[key]!;
      const link = await createPatientLink(admin, { patientID: own.patientID });
      expect(link.studyCount, own.patientID).toBe(1);
      const patient = await patientOf(link.token);
      for (const query of [
        '',
        '?includefield=all',
        '?PatientID=*',
        '?PatientID=PAT-1*',
        `?StudyInstanceUID=${made.ten!.study}`,
      ]) {
        const response = await patient.get(`/dicomweb/studies${query}`);
        const found = studiesIn(response.body);
        expect(
          found.every((uid) => uid === own.study),
          `${own.patientID} ${query}`,
        ).toBe(true);
        for (const other of Object.values(made).filter((s) => s !== own)) {
          expect(response.body, `${own.patientID} ${query}`).not.toContain(other.study);
          expect(response.body, `${own.patientID} ${query}`).not.toContain(other.patientName.split('^')[0]);
        }
      }
      expect(studiesIn((await patient.get('/dicomweb/studies')).body)).toEqual([own.study]);
      for (const other of Object.values(made).filter((s) => s !== own)) {
        const metadata = await patient.get(`/dicomweb/studies/${other.study}/metadata`);
        expect(metadata.statusCode).toBe(403);
        const nested = await patient.get(`/dicomweb/studies/${own.study}/series/${other.series}/metadata`);
        expect(nested.statusCode).toBe(403);
      }
    }
  });
});
