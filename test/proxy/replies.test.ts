import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProxyBackend } from '../../src/server/proxy/proxyBackend';
import { replyFacts } from '../../src/server/sharing/replyFacts';
import type { ReplyInstance } from '../../src/server/sharing/replyPolicy';
import { corpusDir } from '../support/corpus';
import { loadIntoOrthanc, startOrthanc, type RunningOrthanc } from '../support/orthanc';
import { newUid, replyInstance, stowBody, type StudyIdentity } from '../support/replyInstances';
import { countingSearches } from '../support/sharing/countingBackend';
import { startProxyGateway, type ProxyGateway } from '../support/sharing/proxyGateway';
import { Client, STUDIES } from '../support/sharing/harness';

/**
 * A link recipient's reply through the gateway in proxy mode, into an Orthanc of its own (the
 * shared one must stay as loaded): the same screen as with the archive, the checks asked of the
 * upstream by QIDO-RS, and the accepted reply forwarded with the gateway's own credentials.
 */

let orthanc: RunningOrthanc;
let gateway: ProxyGateway;
let app: FastifyInstance;
let admin: Client;
let multi: StudyIdentity;
let referenced: { study: string; series: string; instance: string; sopClass: string };

type Json = Record<string, { Value?: unknown[] }>;
const first = (dataset: Json, tag: string) => {
  const value = dataset[tag]?.Value?.[0];
  return typeof value === 'object' && value !== null ? (value as { Alphabetic: string }).Alphabetic : String(value);
};

/** What Orthanc itself holds under a SOP Instance UID. */
async function inOrthanc(sopInstanceUID: string): Promise<Json[]> {
  const response = await fetch(`${orthanc.baseUrl}/instances?SOPInstanceUID=${sopInstanceUID}&includefield=0020000D`);
  const text = await response.text();
  return text === '' ? [] : (JSON.parse(text) as Json[]);
}

beforeAll(async () => {
  orthanc = await startOrthanc();
  const report = await loadIntoOrthanc(
    orthanc.restUrl,
    STUDIES.multi.files.map((file) => path.join(corpusDir, file)),
  );
  expect(report.rejected).toEqual([]);
  gateway = await startProxyGateway(orthanc.baseUrl);
  ({ app, admin } = gateway);

  const [study] = (
    await admin.get(`/dicomweb/studies?StudyInstanceUID=${STUDIES.multi.study}&includefield=00100010,00100020,00100030`)
  ).json<Json[]>();
  multi = {
    studyInstanceUID: STUDIES.multi.study,
    patientID: first(study!, '00100020'),
    patientName: first(study!, '00100010'),
    patientBirthDate: study!['00100030']?.Value === undefined ? '' : first(study!, '00100030'),
  };
  const [instance] = (await admin.get(`/dicomweb/studies/${STUDIES.multi.study}/instances`)).json<Json[]>();
  referenced = {
    study: STUDIES.multi.study,
    series: first(instance!, '0020000E'),
    instance: first(instance!, '00080018'),
    sopClass: first(instance!, '00080016'),
  };
});
afterAll(async () => {
  await gateway?.close();
  await orthanc?.stop();
});

/** A share of the study that allows replies, opened by a fresh recipient. */
async function openReplyShare(): Promise<{ id: string; recipient: Client }> {
  const created = await admin.post('/api/shares', {
    studyInstanceUIDs: [STUDIES.multi.study],
    expiresInSeconds: 3600,
    allowReply: true,
  });
  expect(created.statusCode, created.body).toBe(201);
  const { id, url } = created.json<{ id: string; url: string }>();
  const recipient = new Client(app);
  expect((await recipient.post(`/s/${url.split('/s/')[1]!}`, {})).statusCode).toBe(303);
  return { id, recipient };
}

async function reply(recipient: Client, bytes: Uint8Array) {
  const { payload, contentType } = stowBody([bytes]);
  return recipient.request('POST', '/dicomweb/studies', {
    payload,
    headers: { 'content-type': contentType, accept: 'application/dicom+json' },
  });
}

describe('proxy backend: replies', () => {
  it('forwards an accepted reply upstream and lists it with the share', async () => {
    const { id, recipient } = await openReplyShare();
    const seriesInstanceUID = newUid();
    const sr = replyInstance({ study: multi, seriesInstanceUID, references: [referenced] });
    const response = await reply(recipient, sr.bytes);
    expect(response.statusCode, response.body).toBe(200);
    const [found, ...more] = await inOrthanc(sr.sopInstanceUID);
    expect(more).toEqual([]);
    expect(first(found!, '0020000D')).toBe(STUDIES.multi.study);
    const detail = (await admin.get(`/api/shares/${id}`)).json<{ replies: Record<string, unknown>[] }>();
    expect(detail.replies).toMatchObject([{ seriesInstanceUID, sopInstanceUIDs: [sr.sopInstanceUID] }]);
  });

  it('refuses a reply whose patient differs, asking the upstream, and forwards nothing', async () => {
    const { recipient } = await openReplyShare();
    const sr = replyInstance({ study: { ...multi, patientID: `${multi.patientID}X` }, references: [referenced] });
    const response = await reply(recipient, sr.bytes);
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({
      error: 'PATIENT_MISMATCH',
      message: expect.stringMatching(/PatientID differs/),
    });
    expect(await inOrthanc(sr.sopInstanceUID)).toEqual([]);
  });

  it('looks the UIDs up with one search per kind: Orthanc matches comma-separated UID lists', async () => {
    const all = (await admin.get(`/dicomweb/studies/${STUDIES.multi.study}/instances`)).json<Json[]>();
    const [a, b, c] = all.map((d) => ({ series: first(d, '0020000E'), instance: first(d, '00080018') }));
    const { backend, searches } = countingSearches(createProxyBackend({ url: orthanc.baseUrl }));
    const instance = (over: Partial<ReplyInstance>): ReplyInstance => ({
      sopClassUID: '1.2.840.10008.5.1.4.1.1.88.33',
      sopInstanceUID: newUid(),
      studyUID: STUDIES.multi.study,
      seriesUID: newUid(),
      patient: { patientID: '', patientName: '', patientBirthDate: '' },
      references: [],
      ...over,
    });
    const context = {
      accept: 'application/dicom+json',
      publicBase: 'http://localhost/dicomweb',
      signal: new AbortController().signal,
    };
    const facts = await replyFacts(backend, context, [
      instance({ references: [a!.instance, b!.instance, newUid()] }),
      instance({ sopInstanceUID: c!.instance, seriesUID: c!.series }),
      instance({ studyUID: newUid() }),
    ]);
    expect(searches.map((s) => s.level)).toEqual(['studies', 'instances', 'series']);
    expect(searches.every((s) => s.filters[0]!.value.includes(','))).toBe(true);
    expect([...facts.studies.keys()]).toEqual([STUDIES.multi.study]);
    expect(facts.studies.get(STUDIES.multi.study)).toEqual({
      patientID: multi.patientID,
      patientName: multi.patientName,
      patientBirthDate: multi.patientBirthDate,
    });
    expect(facts.referenced).toEqual(
      new Map([
        [a!.instance, { study: STUDIES.multi.study, series: a!.series }],
        [b!.instance, { study: STUDIES.multi.study, series: b!.series }],
      ]),
    );
    expect(facts.existingInstances).toEqual(new Set([c!.instance]));
    expect(facts.existingSeries).toEqual(new Set([c!.series]));
    await backend.close();
  });

  it('two replies at once with the same new SOP Instance UID: one is forwarded, the other refused', async () => {
    const { id, recipient } = await openReplyShare();
    const sopInstanceUID = newUid();
    const [a, b] = [newUid(), newUid()].map((seriesInstanceUID) =>
      replyInstance({ study: multi, sopInstanceUID, seriesInstanceUID, references: [referenced] }),
    );
    const responses = await Promise.all([reply(recipient, a!.bytes), reply(recipient.clone(), b!.bytes)]);
    expect(responses.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(responses.find((r) => r.statusCode === 409)!.json()).toMatchObject({ error: 'INSTANCE_EXISTS' });
    const winner = responses[0].statusCode === 200 ? a! : b!;
    const [found, ...more] = await inOrthanc(sopInstanceUID);
    expect(more).toEqual([]);
    expect(first(found!, '0020000D')).toBe(STUDIES.multi.study);
    const detail = (await admin.get(`/api/shares/${id}`)).json<{ replies: Record<string, unknown>[] }>();
    expect(detail.replies).toMatchObject([{ seriesInstanceUID: winner.seriesInstanceUID }]);
  });
});
