import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusDir } from '../../../test/support/corpus';
import { startHarness, STUDIES, type Client, type Harness } from '../../../test/support/sharing/harness';
import { addPatientStudy, createPatientLink, type MadeUpStudy } from '../../../test/support/sharing/patientFixtures';

/**
 * Attempts to leave a patient link's scope, each on its own, through the real app, archive and
 * store. Jane (PAT-1, two studies) holds a session; Ten (PAT-10), the patients whose IDs hold
 * QIDO wildcards (PAT-* and PAT-1?) and the corpus studies must stay out of reach, and out of
 * every answer's content.
 */
let h: Harness;
let admin: Client;
let jane: Client;
let mine: MadeUpStudy[];
let ten: MadeUpStudy;
let star: MadeUpStudy;
let question: MadeUpStudy;
const BIRTH = '19800215';

const tagIn = (body: string, tag: string) =>
  (JSON.parse(body) as Record<string, { Value?: unknown[] }>[]).map((d) => d[tag]?.Value?.[0]);
const studiesIn = (body: string) => (tagIn(body, '0020000D') as string[]).sort();

/** Nothing of anyone else in an answer: no UID, no Patient ID, no name. */
function expectOnlyJane(body: string) {
  for (const other of [ten, star, question]) {
    expect(body).not.toContain(other.study);
    expect(body).not.toContain(other.series);
    expect(body).not.toContain(other.instance);
    expect(body).not.toContain(other.patientID);
    expect(body).not.toContain(other.patientName.split('^')[0]);
  }
  for (const corpus of [STUDIES.french.study, STUDIES.greek.study, STUDIES.multi.study])
    expect(body).not.toContain(corpus);
}

async function patientOf(token: string): Promise<Client> {
  const patient = h.client();
  const opened = await patient.post(`/p/${token}`, { birthDate: '1980-02-15' });
  if (opened.statusCode !== 200) throw new Error(`not opened: ${opened.statusCode} ${opened.body}`);
  return patient;
}

beforeAll(async () => {
  h = await startHarness({ corpusDir });
  admin = await h.signedIn('admin');
  const patient = (patientID: string, patientName: string) => ({ patientID, patientName, birthDate: BIRTH });
  mine = [
    await addPatientStudy(h.archive, corpusDir, patient('PAT-1', 'Doe^Jane')),
    await addPatientStudy(h.archive, corpusDir, patient('PAT-1', 'Doe^Jane')),
  ];
  // Same birth date on purpose: only the Patient ID tells these patients apart.
  ten = await addPatientStudy(h.archive, corpusDir, patient('PAT-10', 'Roe^Ten'));
  star = await addPatientStudy(h.archive, corpusDir, patient('PAT-*', 'Star^Wild'));
  question = await addPatientStudy(h.archive, corpusDir, patient('PAT-1?', 'Mark^Query'));
  jane = await patientOf((await createPatientLink(admin, { patientID: 'PAT-1' })).token);
});
afterAll(async () => h.close());

const janeStudies = () => mine.map((s) => s.study).sort();

describe('inside the scope', () => {
  it('searches at every level see Jane only', async () => {
    for (const url of ['/dicomweb/studies', '/dicomweb/series', '/dicomweb/instances']) {
      const response = await jane.get(url);
      expect(response.statusCode, url).toBe(200);
      expect(
        studiesIn(response.body).filter((v, i, a) => a.indexOf(v) === i),
        url,
      ).toEqual(janeStudies());
      expectOnlyJane(response.body);
    }
  });
});

describe('QIDO filters that name someone else', () => {
  it('another Patient ID, exact or by wildcard', async () => {
    for (const query of [
      'PatientID=PAT-10',
      'PatientID=PAT-*',
      'PatientID=*',
      'PatientID=PAT-1?',
      'PatientID=PAT-1*',
      '00100020=PAT-10',
    ]) {
      const response = await jane.get(`/dicomweb/studies?${query}`);
      expect([200, 204], query).toContain(response.statusCode);
      const found = response.body === '' ? [] : studiesIn(response.body);
      expect(
        found.every((uid) => janeStudies().includes(uid)),
        query,
      ).toBe(true);
      expectOnlyJane(response.body);
    }
    const series = await jane.get('/dicomweb/series?PatientID=PAT-10');
    expect(series.body === '' ? [] : studiesIn(series.body)).toEqual([]);
  });

  it('another study UID, alone or in a list with one of hers', async () => {
    const alone = await jane.get(`/dicomweb/studies?StudyInstanceUID=${ten.study}`);
    expect(alone.body === '' ? [] : studiesIn(alone.body)).toEqual([]);
    const listed = await jane.get(`/dicomweb/studies?StudyInstanceUID=${ten.study}\\${mine[0]!.study}`);
    expect(studiesIn(listed.body)).toEqual([mine[0]!.study]);
    expectOnlyJane(listed.body);
    const nested = await jane.get(`/dicomweb/studies/${ten.study}/series`);
    expect(nested.statusCode).toBe(403);
    const instances = await jane.get(`/dicomweb/studies/${mine[0]!.study}/series/${ten.series}/instances`);
    expect([200, 204, 403]).toContain(instances.statusCode);
    expectOnlyJane(instances.body);
  });

  it('includefield tricks: all, patient attributes, unknown tags', async () => {
    for (const query of [
      'includefield=all',
      'includefield=00100020,00100010,00100030',
      'includefield=PatientID&PatientName=Roe*',
      'includefield=all&limit=100&offset=0',
      'fuzzymatching=true&PatientName=roe',
    ]) {
      const response = await jane.get(`/dicomweb/studies?${query}`);
      expect([200, 204], query).toContain(response.statusCode);
      expectOnlyJane(response.body);
    }
  });
});

describe('retrieves of another patient', () => {
  it("another patient's study: metadata, series, instances, frames, and under one of her studies", async () => {
    for (const url of [
      `/dicomweb/studies/${ten.study}/metadata`,
      `/dicomweb/studies/${ten.study}`,
      `/dicomweb/studies/${ten.study}/series/${ten.series}/metadata`,
      `/dicomweb/studies/${ten.study}/series/${ten.series}/instances/${ten.instance}/frames/1`,
      `/dicomweb/studies/${star.study}/metadata`,
      `/dicomweb/studies/${mine[0]!.study}/series/${ten.series}/metadata`,
      `/dicomweb/studies/${mine[0]!.study}/series/${ten.series}/instances/${ten.instance}`,
      `/api/studies/${ten.study}/download`,
    ]) {
      const response = await jane.get(url);
      expect(response.statusCode, url).toBe(403);
      expect(response.json(), url).toMatchObject({ error: 'OUT_OF_SCOPE' });
      expectOnlyJane(response.body);
    }
  });

  it('her own study-level metadata names her studies only', async () => {
    const response = await jane.get(`/dicomweb/studies/${mine[0]!.study}/metadata`);
    expect(response.statusCode).toBe(200);
    expect(new Set(tagIn(response.body, '0020000D'))).toEqual(new Set([mine[0]!.study]));
    expectOnlyJane(response.body);
  });
});

describe('Patient IDs with wildcard characters', () => {
  it('a link for PAT-* opens the studies of PAT-* only, and PAT-1? those of PAT-1? only', async () => {
    for (const [patientID, own] of [
      ['PAT-*', star],
      ['PAT-1?', question],
    ] as const) {
      const link = await createPatientLink(admin, { patientID });
      expect(link.studyCount, patientID).toBe(1);
      const patient = await patientOf(link.token);
      const studies = await patient.get('/dicomweb/studies?includefield=all');
      expect(studiesIn(studies.body), patientID).toEqual([own.study]);
      for (const other of [...mine, ten, star, question].filter((s) => s !== own)) {
        expect(studies.body, patientID).not.toContain(other.study);
        expect((await patient.get(`/dicomweb/studies/${other.study}/metadata`)).statusCode, patientID).toBe(403);
      }
    }
  });

  it('a wildcard that names no real Patient ID finds nobody', async () => {
    const response = await admin.post('/api/patient-links', { patientID: 'PAT-1*' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: 'STUDY_NOT_FOUND' });
  });
});
