import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows } from '../../../test/support/auditRows';
import { corpusDir } from '../../../test/support/corpus';
import {
  newUid,
  replyInstance,
  SOP_CLASS,
  stowBody,
  type Reference,
  type StudyIdentity,
} from '../../../test/support/replyInstances';
import { startHarness, STUDIES, type Client, type Harness } from '../../../test/support/sharing/harness';

/**
 * A radiologist's Save through the real app and archive: STOW-RS of SR/KOS into a stored study,
 * under the same rules as a share recipient's reply with the study as the scope. Every refusal is
 * checked for its JSON error and for having stored nothing; the accepted Save for where it lands
 * and its `report.saved` audit record.
 */
let h: Harness;
let admin: Client;
let radiologist: Client;
let multi: StudyIdentity;
/** One instance of the multi-series study, and one of the Greek study. */
let inMulti: Reference;
let inGreek: Reference;

type Json = Record<string, { Value?: unknown[] }>;
const first = (dataset: Json, tag: string) => {
  const value = dataset[tag]?.Value?.[0];
  return typeof value === 'object' && value !== null ? (value as { Alphabetic: string }).Alphabetic : String(value);
};

async function someInstance(study: string): Promise<Reference> {
  const [d] = (await admin.get(`/dicomweb/studies/${study}/instances`)).json<Json[]>();
  return { study, series: first(d!, '0020000E'), instance: first(d!, '00080018'), sopClass: first(d!, '00080016') };
}

/** What the archive holds under a SOP Instance UID, as an admin searches it. */
async function stored(sopInstanceUID: string): Promise<Json[]> {
  const response = await admin.get(`/dicomweb/instances?SOPInstanceUID=${sopInstanceUID}&includefield=00100020`);
  expect(response.statusCode).toBe(200);
  return response.json<Json[]>();
}

async function save(client: Client, instances: Uint8Array[], path = '/dicomweb/studies') {
  const { payload, contentType } = stowBody(instances);
  return client.request('POST', path, {
    payload,
    headers: { 'content-type': contentType, accept: 'application/dicom+json' },
  });
}

const savedRows = async () => (await auditRows(h.store.auditLog)).filter((row) => row.type === 'report.saved');

/** Asserts a refusal: status, JSON error and message, nothing stored, nothing audited as saved. */
async function expectRefused(
  response: LightMyRequestResponse,
  status: number,
  code: string,
  message: RegExp,
  uid: string,
) {
  expect(response.statusCode).toBe(status);
  const body = response.json<{ error: string; message: string }>();
  expect(body.error).toBe(code);
  expect(body.message).toMatch(message);
  expect(await stored(uid)).toEqual([]);
  expect((await savedRows()).filter((row) => row.detail.includes(uid))).toEqual([]);
}

beforeAll(async () => {
  h = await startHarness({ corpusDir });
  admin = await h.signedIn('admin');
  radiologist = await h.signedIn('radiologist');
  const [study] = (
    await admin.get(`/dicomweb/studies?StudyInstanceUID=${STUDIES.multi.study}&includefield=00100010,00100020,00100030`)
  ).json<Json[]>();
  multi = {
    studyInstanceUID: STUDIES.multi.study,
    patientID: first(study!, '00100020'),
    patientName: first(study!, '00100010'),
    patientBirthDate: study!['00100030']?.Value === undefined ? '' : first(study!, '00100030'),
  };
  inMulti = await someInstance(STUDIES.multi.study);
  inGreek = await someInstance(STUDIES.greek.study);
});
afterAll(async () => h.close());

describe('a radiologist saves a report', () => {
  it('stores an SR and a KOS into the study, under its patient, and audits report.saved', async () => {
    const seriesInstanceUID = newUid();
    const sr = replyInstance({ study: multi, seriesInstanceUID, references: [inMulti] });
    const kos = replyInstance({
      study: multi,
      seriesInstanceUID,
      sopClassUID: SOP_CLASS.keyObjectSelection,
      references: [inMulti],
    });
    const response = await save(radiologist, [sr.bytes, kos.bytes], `/dicomweb/studies/${STUDIES.multi.study}`);
    expect(response.statusCode, response.body).toBe(200);

    for (const uid of [sr.sopInstanceUID, kos.sopInstanceUID]) {
      const [found, ...more] = await stored(uid);
      expect(more).toEqual([]);
      expect(first(found!, '0020000D')).toBe(STUDIES.multi.study);
      expect(first(found!, '0020000E')).toBe(seriesInstanceUID);
      expect(first(found!, '00100020')).toBe(multi.patientID);
    }
    const patients = (await admin.get(`/dicomweb/studies?PatientID=${encodeURIComponent(multi.patientID)}`)).json<
      Json[]
    >();
    expect(patients.map((d) => first(d, '0020000D'))).toEqual([STUDIES.multi.study]);

    const [audited, ...others] = await savedRows();
    expect(others).toEqual([]);
    expect(audited).toMatchObject({ outcome: 'success', actor_kind: 'staff', share_id: null });
    expect(JSON.parse(audited!.studies!)).toEqual([STUDIES.multi.study]);
    expect(JSON.parse(audited!.detail)).toEqual({
      series: [seriesInstanceUID],
      instances: [sr.sopInstanceUID, kos.sopInstanceUID],
    });
  });
});

describe("a radiologist's save is refused, and nothing is stored", () => {
  it('a CT image instead of an SR or KOS', async () => {
    const ct = replyInstance({ study: multi, sopClassUID: SOP_CLASS.ctImage });
    await expectRefused(
      await save(radiologist, [ct.bytes]),
      403,
      'SOP_CLASS_NOT_ALLOWED',
      /only structured reports and key object selections may be stored/,
      ct.sopInstanceUID,
    );
  });

  it('into a study that is not stored', async () => {
    const nowhere = { ...multi, studyInstanceUID: newUid() };
    const sr = replyInstance({ study: nowhere });
    await expectRefused(
      await save(radiologist, [sr.bytes]),
      409,
      'STUDY_NOT_FOUND',
      new RegExp(`Study ${nowhere.studyInstanceUID} is not stored`),
      sr.sopInstanceUID,
    );
    expect((await admin.get(`/dicomweb/studies?StudyInstanceUID=${nowhere.studyInstanceUID}`)).json()).toEqual([]);
  });

  it("whose patient differs from the study's", async () => {
    const sr = replyInstance({ study: { ...multi, patientID: `${multi.patientID}X` } });
    await expectRefused(
      await save(radiologist, [sr.bytes]),
      409,
      'PATIENT_MISMATCH',
      /PatientID differs from the study's/,
      sr.sopInstanceUID,
    );
  });

  it('that references an instance of another study', async () => {
    const sr = replyInstance({ study: multi, references: [inMulti, inGreek] });
    await expectRefused(
      await save(radiologist, [sr.bytes]),
      403,
      'REFERENCE_OUT_OF_SCOPE',
      new RegExp(`references ${inGreek.instance}, which is not part of the study`),
      sr.sopInstanceUID,
    );
  });

  it('into a study other than the one of the path', async () => {
    const sr = replyInstance({ study: multi });
    await expectRefused(
      await save(radiologist, [sr.bytes], `/dicomweb/studies/${STUDIES.greek.study}`),
      403,
      'OUT_OF_SCOPE',
      new RegExp(`belongs to study ${STUDIES.multi.study}, not ${STUDIES.greek.study}`),
      sr.sopInstanceUID,
    );
  });

  it('over an existing SOP Instance UID', async () => {
    const before = await stored(inMulti.instance);
    const sr = replyInstance({ study: multi, sopInstanceUID: inMulti.instance });
    const response = await save(radiologist, [sr.bytes]);
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({
      error: 'INSTANCE_EXISTS',
      message: expect.stringMatching(/stored already/),
    });
    expect(await stored(inMulti.instance)).toEqual(before);
  });

  it('without the CSRF token', async () => {
    const sr = replyInstance({ study: multi });
    const forged = radiologist.clone();
    forged.csrf = undefined;
    const response = await save(forged, [sr.bytes]);
    expect(response.statusCode).toBe(403);
    expect(response.json<{ error: string }>().error).toMatch(/CSRF/);
    expect(await stored(sr.sopInstanceUID)).toEqual([]);
  });
});
