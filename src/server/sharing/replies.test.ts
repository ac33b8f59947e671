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
import {
  MINUTE,
  shareAndOpen,
  startHarness,
  STUDIES,
  type Client,
  type Harness,
} from '../../../test/support/sharing/harness';

/**
 * Replies through the real app, archive and store: a link recipient stores SR/KOS into the shared
 * study with STOW-RS. Every refusal is checked for its status, code and message, and for having
 * stored nothing; the accepted reply for where it lands, the share's list of replies and the audit.
 */
let h: Harness;
let admin: Client;
/** The multi-series study as a reply must copy it. */
let multi: StudyIdentity;
let greek: StudyIdentity;
/** The multi study's series (sorted) and one instance of each. */
let series: string[];
let instanceIn: Reference[];

type Json = Record<string, { Value?: unknown[] }>;
const first = (dataset: Json, tag: string) => {
  const value = dataset[tag]?.Value?.[0];
  return typeof value === 'object' && value !== null ? (value as { Alphabetic: string }).Alphabetic : String(value);
};

async function identity(study: string): Promise<StudyIdentity> {
  const response = await admin.get(
    `/dicomweb/studies?StudyInstanceUID=${study}&includefield=00100010,00100020,00100030`,
  );
  const [dataset] = response.json<Json[]>();
  return {
    studyInstanceUID: study,
    patientID: first(dataset!, '00100020'),
    patientName: first(dataset!, '00100010'),
    patientBirthDate: dataset!['00100030']?.Value === undefined ? '' : first(dataset!, '00100030'),
  };
}

/** What the archive holds under a SOP Instance UID, as staff search it. */
async function stored(sopInstanceUID: string): Promise<Json[]> {
  const response = await admin.get(`/dicomweb/instances?SOPInstanceUID=${sopInstanceUID}`);
  expect(response.statusCode).toBe(200);
  return response.json<Json[]>();
}

async function reply(recipient: Client, instances: Uint8Array[], path = '/dicomweb/studies') {
  const { payload, contentType } = stowBody(instances);
  return recipient.request('POST', path, {
    payload,
    headers: { 'content-type': contentType, accept: 'application/dicom+json' },
  });
}

async function open(body: Record<string, unknown>) {
  return shareAndOpen(h, admin, { studyInstanceUIDs: [STUDIES.multi.study], ...body });
}

async function replies(id: string) {
  return (await admin.get(`/api/shares/${id}`)).json<{ replies: Record<string, unknown>[] }>().replies;
}

beforeAll(async () => {
  h = await startHarness({ corpusDir });
  admin = await h.signedIn('admin');
  multi = await identity(STUDIES.multi.study);
  greek = await identity(STUDIES.greek.study);
  const found = (await admin.get(`/dicomweb/studies/${STUDIES.multi.study}/instances`)).json<Json[]>();
  instanceIn = found
    .map((d) => ({
      study: STUDIES.multi.study,
      series: first(d, '0020000E'),
      instance: first(d, '00080018'),
      sopClass: first(d, '00080016'),
    }))
    .sort((a, b) => a.series.localeCompare(b.series));
  series = instanceIn.map((r) => r.series);
  expect(new Set(series).size).toBe(3);
});
afterAll(async () => h.close());

/** Asserts a refusal: status, code, a message that names the problem, nothing stored, nothing listed. */
async function expectRefused(
  response: LightMyRequestResponse,
  status: number,
  code: string,
  message: RegExp,
  uid: string,
  shareId: string,
) {
  expect(response.statusCode).toBe(status);
  const body = response.json<{ error: string; message: string }>();
  expect(body.error).toBe(code);
  expect(body.message).toMatch(message);
  expect(await stored(uid)).toEqual([]);
  expect(await replies(shareId)).toEqual([]);
  const denied = (await h.store.auditLog.forShare(shareId)).filter((row) => row.type === 'request.denied');
  expect(denied.map((row) => (JSON.parse(row.detail) as { code: string }).code)).toContain(code);
}

describe('a reply is accepted', () => {
  it('stores an SR and a KOS into the shared study, lists them with the share, and audits them', async () => {
    const { id, recipient } = await open({ allowReply: true, label: 'Second opinion, Dr Who' });
    const seriesUID = newUid();
    const sr = replyInstance({ study: multi, seriesInstanceUID: seriesUID, references: [instanceIn[0]!] });
    const kos = replyInstance({
      study: multi,
      seriesInstanceUID: seriesUID,
      sopClassUID: SOP_CLASS.keyObjectSelection,
      references: [instanceIn[0]!, instanceIn[1]!],
    });
    const response = await reply(recipient, [sr.bytes, kos.bytes], `/dicomweb/studies/${STUDIES.multi.study}`);
    expect(response.statusCode, response.body).toBe(200);

    for (const uid of [sr.sopInstanceUID, kos.sopInstanceUID]) {
      const [found, ...more] = await stored(uid);
      expect(more).toEqual([]);
      expect(first(found!, '0020000D')).toBe(STUDIES.multi.study);
      expect(first(found!, '0020000E')).toBe(seriesUID);
    }
    const patients = (await admin.get(`/dicomweb/studies?PatientID=${encodeURIComponent(multi.patientID)}`)).json<
      Json[]
    >();
    expect(patients.map((d) => first(d, '0020000D'))).toEqual([STUDIES.multi.study]);

    const [listed, ...others] = await replies(id);
    expect(others).toEqual([]);
    expect(listed).toEqual({
      receivedAt: new Date(h.clock.now()).toISOString(),
      studyInstanceUID: STUDIES.multi.study,
      seriesInstanceUID: seriesUID,
      sopInstanceUIDs: [sr.sopInstanceUID, kos.sopInstanceUID],
      sopClassUIDs: [SOP_CLASS.comprehensiveSR, SOP_CLASS.keyObjectSelection],
    });
    const list = (await admin.get('/api/shares')).json<{
      shares: { id: string; replyCount: number; lastReplyAt: string | null; allowReply: boolean }[];
    }>();
    expect(list.shares.find((s) => s.id === id)).toMatchObject({
      replyCount: 1,
      lastReplyAt: new Date(h.clock.now()).toISOString(),
      allowReply: true,
    });

    const audited = (await auditRows(h.store.auditLog)).filter((row) => row.type === 'share.replied');
    expect(audited).toHaveLength(1);
    expect(audited[0]!).toMatchObject({ share_id: id, outcome: 'success', actor_kind: 'share' });
    expect(JSON.parse(audited[0]!.studies!)).toEqual([STUDIES.multi.study]);
    expect(JSON.parse(audited[0]!.detail)).toEqual({
      label: 'Second opinion, Dr Who',
      series: [seriesUID],
      instances: [sr.sopInstanceUID, kos.sopInstanceUID],
    });
  });

  it('a series-scoped share takes a reply that references its own series', async () => {
    const { id, recipient } = await open({ allowReply: true, seriesInstanceUIDs: [series[0]] });
    const sr = replyInstance({ study: multi, references: [instanceIn[0]!] });
    const response = await reply(recipient, [sr.bytes]);
    expect(response.statusCode, response.body).toBe(200);
    expect(await stored(sr.sopInstanceUID)).toHaveLength(1);
    expect(await replies(id)).toHaveLength(1);
  });
});

describe('what the recipient and the sender are told', () => {
  it('the share session says whether replies are allowed', async () => {
    for (const allowReply of [true, false]) {
      const { recipient } = await open({ allowReply });
      const session = await recipient.get('/api/share-session');
      expect(session.statusCode).toBe(200);
      expect(session.json<{ allowReply: boolean }>().allowReply).toBe(allowReply);
    }
  });

  it('the list of shares gives the reply count and when the latest arrived', async () => {
    const { id, recipient } = await open({ allowReply: true });
    const listed = async () =>
      (await admin.get('/api/shares'))
        .json<{ shares: { id: string; replyCount: number; lastReplyAt: string | null }[] }>()
        .shares.find((s) => s.id === id);
    expect(await listed()).toMatchObject({ replyCount: 0, lastReplyAt: null });

    expect((await reply(recipient, [replyInstance({ study: multi }).bytes])).statusCode).toBe(200);
    h.clock.advance(5 * MINUTE);
    const later = new Date(h.clock.now()).toISOString();
    expect((await reply(recipient, [replyInstance({ study: multi }).bytes])).statusCode).toBe(200);
    h.clock.advance(5 * MINUTE);
    expect(await listed()).toMatchObject({ replyCount: 2, lastReplyAt: later });
  });
});

describe('two replies at once', () => {
  it('with the same new SOP Instance UID: one is stored, the other refused as existing', async () => {
    const { id, recipient } = await open({ allowReply: true });
    const sopInstanceUID = newUid();
    const [a, b] = [newUid(), newUid()].map((seriesInstanceUID) =>
      replyInstance({ study: multi, sopInstanceUID, seriesInstanceUID }),
    );
    const responses = await Promise.all([reply(recipient, [a!.bytes]), reply(recipient.clone(), [b!.bytes])]);
    expect(responses.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const refused = responses.find((r) => r.statusCode === 409)!;
    expect(refused.json()).toMatchObject({
      error: 'INSTANCE_EXISTS',
      message: expect.stringMatching(/stored already/),
    });

    const winner = responses[0].statusCode === 200 ? a! : b!;
    const [found, ...more] = await stored(sopInstanceUID);
    expect(more).toEqual([]);
    expect(first(found!, '0020000E')).toBe(winner.seriesInstanceUID);
    expect(await replies(id)).toMatchObject([{ seriesInstanceUID: winner.seriesInstanceUID }]);
  });
});

describe('a reply is refused, and nothing is stored', () => {
  it('when the share does not allow replies', async () => {
    const { id, recipient } = await open({});
    const sr = replyInstance({ study: multi });
    await expectRefused(
      await reply(recipient, [sr.bytes]),
      403,
      'REPLIES_NOT_ALLOWED',
      /does not allow replies/,
      sr.sopInstanceUID,
      id,
    );
    expect((await admin.get(`/api/shares/${id}`)).json()).toMatchObject({
      share: { allowReply: false, replyCount: 0 },
    });
  });

  it('into another, unshared study (named in the path, or only in the instance)', async () => {
    const { id, recipient } = await open({ allowReply: true });
    const sr = replyInstance({ study: greek });
    await expectRefused(
      await reply(recipient, [sr.bytes], `/dicomweb/studies/${STUDIES.greek.study}`),
      403,
      'OUT_OF_SCOPE',
      /not part of this share/,
      sr.sopInstanceUID,
      id,
    );
    await expectRefused(
      await reply(recipient, [sr.bytes]),
      403,
      'OUT_OF_SCOPE',
      new RegExp(`belongs to study ${STUDIES.greek.study}, which is not part of this share`),
      sr.sopInstanceUID,
      id,
    );
  });

  it('a CT image instead of an SR or KOS', async () => {
    const { id, recipient } = await open({ allowReply: true });
    const ct = replyInstance({ study: multi, sopClassUID: SOP_CLASS.ctImage });
    await expectRefused(
      await reply(recipient, [ct.bytes]),
      403,
      'SOP_CLASS_NOT_ALLOWED',
      /only structured reports and key object selections may be stored/,
      ct.sopInstanceUID,
      id,
    );
  });

  it('an SR that references an instance outside a series-scoped share', async () => {
    const { id, recipient } = await open({ allowReply: true, seriesInstanceUIDs: [series[0]] });
    const sr = replyInstance({ study: multi, references: [instanceIn[0]!, instanceIn[1]!] });
    await expectRefused(
      await reply(recipient, [sr.bytes]),
      403,
      'REFERENCE_OUT_OF_SCOPE',
      new RegExp(`references ${instanceIn[1]!.instance}, which is not part of this share`),
      sr.sopInstanceUID,
      id,
    );
  });

  it("patient attributes that differ from the study's", async () => {
    const { id, recipient } = await open({ allowReply: true });
    for (const [attribute, changed] of [
      ['PatientID', { patientID: `${multi.patientID}X` }],
      ['PatientName', { patientName: 'Someone^Else' }],
      ['PatientBirthDate', { patientBirthDate: '19000101' }],
    ] as const) {
      const sr = replyInstance({ study: { ...multi, ...changed } });
      await expectRefused(
        await reply(recipient, [sr.bytes]),
        409,
        'PATIENT_MISMATCH',
        new RegExp(`${attribute} differs from the study's`),
        sr.sopInstanceUID,
        id,
      );
    }
  });

  it('an existing SOP Instance UID (never an overwrite)', async () => {
    const { id, recipient } = await open({ allowReply: true });
    const existing = instanceIn[2]!;
    const before = await stored(existing.instance);
    const sr = replyInstance({ study: multi, sopInstanceUID: existing.instance });
    const response = await reply(recipient, [sr.bytes]);
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({
      error: 'INSTANCE_EXISTS',
      message: expect.stringMatching(/stored already/),
    });
    expect(await stored(existing.instance)).toEqual(before);
    expect(first(before[0]!, '00080016')).toBe(existing.sopClass);
    expect(await replies(id)).toEqual([]);
  });

  it('an existing series (a reply never adds to stored series)', async () => {
    const { id, recipient } = await open({ allowReply: true });
    const existing = instanceIn[2]!;
    const intoSeries = replyInstance({ study: multi, seriesInstanceUID: existing.series });
    await expectRefused(
      await reply(recipient, [intoSeries.bytes]),
      409,
      'SERIES_EXISTS',
      /goes into a new series/,
      intoSeries.sopInstanceUID,
      id,
    );
  });

  it('after the share is revoked', async () => {
    const { id, recipient } = await open({ allowReply: true });
    expect((await admin.request('DELETE', `/api/shares/${id}`)).statusCode).toBe(204);
    const sr = replyInstance({ study: multi });
    const response = await reply(recipient, [sr.bytes]);
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ error: 'SHARE_REVOKED', message: 'This share link has been revoked' });
    expect(await stored(sr.sopInstanceUID)).toEqual([]);
    expect(await replies(id)).toEqual([]);
  });

  it('a body over REPLY_MAX_BYTES', async () => {
    const { id, recipient } = await open({ allowReply: true });
    const sr = replyInstance({ study: multi });
    await expectRefused(
      await reply(recipient, [sr.bytes, new Uint8Array(8 * 1024 ** 2)]),
      413,
      'REPLY_TOO_LARGE',
      /at most 8388608 bytes \(REPLY_MAX_BYTES\)/,
      sr.sopInstanceUID,
      id,
    );
  });

  it('more parts than a reply may hold', async () => {
    const { id, recipient } = await open({ allowReply: true });
    const srs = Array.from({ length: 11 }, () => replyInstance({ study: multi }));
    await expectRefused(
      await reply(
        recipient,
        srs.map((sr) => sr.bytes),
      ),
      413,
      'TOO_MANY_PARTS',
      /at most 10 instances/,
      srs[0]!.sopInstanceUID,
      id,
    );
  });
});

describe('staff STOW-RS', () => {
  it('is not screened: an admin still stores any instance', async () => {
    // Not a report: a recipient's reply of it would be screened out.
    const pdf = replyInstance({ study: greek, sopClassUID: SOP_CLASS.encapsulatedPdf });
    const { payload, contentType } = stowBody([pdf.bytes]);
    const response = await admin.request('POST', '/dicomweb/studies', {
      payload,
      headers: { 'content-type': contentType, accept: 'application/dicom+json' },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(await stored(pdf.sopInstanceUID)).toHaveLength(1);
  });
});
