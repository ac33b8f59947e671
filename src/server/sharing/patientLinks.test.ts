import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows } from '../../../test/support/auditRows';
import { corpusDir } from '../../../test/support/corpus';
import {
  DAY,
  HOUR,
  MINUTE,
  startHarness,
  STUDIES,
  type Client,
  type Harness,
} from '../../../test/support/sharing/harness';
import {
  addPatientStudy,
  createPatientLink,
  form,
  type MadeUpStudy,
} from '../../../test/support/sharing/patientFixtures';

/**
 * Patient links through the real app, embedded archive and store: creation, the birth date and
 * passcode checks with their lockout, the access code at /p, expiry and revocation, the patient's
 * own session, download, and forwarding a study to a doctor.
 */
let h: Harness;
let admin: Client;
let jane1: MadeUpStudy;
let jane2: MadeUpStudy;
let ten: MadeUpStudy;
const JANE = { patientID: 'PAT-1', patientName: 'Doe^Jane', birthDate: '19800215' };
const TEN = { patientID: 'PAT-10', patientName: 'Roe^Ten', birthDate: '19800215' };

const uids = (body: string) =>
  (JSON.parse(body) as Record<string, { Value?: string[] }>[]).map((d) => d['0020000D']?.Value?.[0]).sort();

/** A fresh browser that proves the birth date at /p/<token>; its patient csrf token is set. */
async function patientOf(token: string, birthDate = '1980-02-15'): Promise<Client> {
  const patient = h.client();
  const opened = await patient.post(`/p/${token}`, { birthDate });
  if (opened.statusCode !== 200) throw new Error(`not opened: ${opened.statusCode} ${opened.body}`);
  patient.csrf = (await patient.get('/api/patient-session')).json<{ csrfToken: string }>().csrfToken;
  return patient;
}

const auditTypes = async () => (await auditRows(h.store.auditLog)).map((r) => r.type);

beforeAll(async () => {
  h = await startHarness({ corpusDir, settings: { institutionName: 'St Elsewhere' } });
  admin = await h.signedIn('admin');
  jane1 = await addPatientStudy(h.archive, corpusDir, JANE);
  jane2 = await addPatientStudy(h.archive, corpusDir, JANE);
  ten = await addPatientStudy(h.archive, corpusDir, TEN);
});
afterAll(async () => h.close());

describe('creating a patient link', () => {
  it('for a Patient ID: the link, the access code once, the name and study count from the data', async () => {
    const created = await admin.post('/api/patient-links', { patientID: JANE.patientID });
    expect(created.statusCode).toBe(201);
    const body = created.json<Record<string, unknown>>();
    expect(body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      url: expect.stringMatching(/^http:\/\/localhost:80\/p\/[A-Za-z0-9_-]{32}$/),
      accessCode: expect.stringMatching(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/),
      expiresAt: new Date(h.clock.now() + 90 * DAY).toISOString(),
      patientName: 'Jane Doe',
      studyCount: 2,
      accessUrl: 'http://localhost:80/p',
      institution: 'St Elsewhere',
    });
    const row = (await auditRows(h.store.auditLog)).at(-1)!;
    expect(row.type).toBe('patient.linkCreated');
    expect(JSON.parse(row.studies!).sort()).toEqual([jane1.study, jane2.study].sort());
    // Neither the token nor the code is stored or audited as typed.
    const dump =
      JSON.stringify(await auditRows(h.store.auditLog)) + JSON.stringify(await h.store.patientLinks.list(undefined));
    expect(dump).not.toContain(String(body.url).split('/p/')[1]);
    expect(dump).not.toContain(String(body.accessCode).replaceAll('-', ''));
  });

  it('refuses what it cannot check: no study, mixed patients, no birth date without a passcode, too long', async () => {
    const refused = async (body: Record<string, unknown>) => {
      const response = await admin.post('/api/patient-links', body);
      return [response.statusCode, response.json<{ error: string }>().error];
    };
    expect(await refused({ patientID: 'NOBODY' })).toEqual([404, 'STUDY_NOT_FOUND']);
    expect(await refused({ studyInstanceUIDs: [jane1.study, ten.study] })).toEqual([400, 'MIXED_PATIENTS']);
    expect(await refused({ patientID: 'SCSFREN' })).toEqual([400, 'PASSCODE_REQUIRED']);
    expect(await refused({ patientID: JANE.patientID, expiresInSeconds: 366 * 24 * 3600 })).toEqual([
      400,
      'EXPIRY_TOO_LONG',
    ]);
    expect(await refused({ patientID: JANE.patientID, studyInstanceUIDs: [jane1.study] })).toEqual([
      400,
      'SCOPE_REQUIRED',
    ]);
    expect(await refused({})).toEqual([400, 'SCOPE_REQUIRED']);
  });

  it('is staff only', async () => {
    const anonymous = await h.client().post('/api/patient-links', { patientID: JANE.patientID });
    expect(anonymous.statusCode).toBe(401);
  });
});

describe('a patient opens their link', () => {
  it('the page asks for the birth date and names nobody', async () => {
    const link = await createPatientLink(admin, { patientID: JANE.patientID });
    const page = await h.client().get(`/p/${link.token}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('type="date"');
    expect(page.body).toContain('name="birthDateText"');
    expect(page.body).not.toContain('Jane');
    expect(page.body).not.toContain('name="passcode"');
    // The form and its answers are never kept by a cache.
    expect(page.headers['cache-control']).toBe('no-store');
    expect((await h.client().get('/p')).headers['cache-control']).toBe('no-store');
  });

  it('a wrong then the right birth date (form posts); the session sees only this patient', async () => {
    const link = await createPatientLink(admin, { patientID: JANE.patientID });
    const patient = h.client();
    const wrong = await patient.request('POST', `/p/${link.token}`, form({ birthDate: '1980-02-16' }));
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('4 tries left');
    expect(patient.cookies.size).toBe(0);
    // The typed box works as well as the date picker.
    const right = await patient.request(
      'POST',
      `/p/${link.token}`,
      form({ birthDate: '', birthDateText: '1980-02-15' }),
    );
    expect(right.statusCode).toBe(303);
    expect(right.headers.location).toBe('/patient');
    expect([...patient.cookies.keys()]).toEqual(['sr_patient']);
    expect(right.headers['set-cookie']).toMatch(/HttpOnly/);

    const session = await patient.get('/api/patient-session');
    expect(session.statusCode).toBe(200);
    expect(session.json()).toEqual({
      linkId: link.id,
      patientName: 'Jane Doe',
      expiresAt: link.expiresAt,
      sessionExpiresAt: new Date(h.clock.now() + 4 * HOUR).toISOString(),
      allowDownload: true,
      institution: 'St Elsewhere',
      csrfToken: expect.any(String),
      studies: expect.arrayContaining([jane1.study, jane2.study]),
    });
    expect(session.json<{ studies: string[] }>().studies).toHaveLength(2);

    const studies = await patient.get('/dicomweb/studies?includefield=all');
    expect(studies.statusCode).toBe(200);
    expect(uids(studies.body)).toEqual([jane1.study, jane2.study].sort());
    expect(studies.body).not.toContain(ten.study);
    expect(studies.body).not.toContain('Roe');
    expect(studies.body).not.toContain(STUDIES.french.study);

    const mine = (await auditRows(h.store.auditLog)).filter((r) => r.actor_id === link.id);
    expect(mine.map((r) => [r.type, r.outcome])).toEqual([
      ['patient.verifyFailed', 'failure'],
      ['patient.opened', 'success'],
    ]);
    expect(JSON.parse(mine[1]!.studies!).sort()).toEqual([jane1.study, jane2.study].sort());
  });

  it('lockout: five wrong tries lock the link; the 6th is refused even with the right date (423, audited)', async () => {
    const link = await createPatientLink(admin, { patientID: TEN.patientID });
    const patient = h.client();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await patient.post(`/p/${link.token}`, { birthDate: '2001-01-01' })).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 423]);
    const sixth = await patient.post(`/p/${link.token}`, { birthDate: '1980-02-15' });
    expect(sixth.statusCode).toBe(423);
    expect(sixth.json()).toEqual({
      error: 'LINK_LOCKED',
      message: 'Too many wrong tries: try again after 09:15 UTC',
      lockedUntil: new Date(h.clock.now() + 15 * MINUTE).toISOString(),
    });
    expect(patient.cookies.size).toBe(0);
    const page = await h.client().get(`/p/${link.token}`);
    expect(page.statusCode).toBe(423);
    expect(page.body).toContain('locked until');

    const mine = (await auditRows(h.store.auditLog)).filter((r) => r.actor_id === link.id);
    expect(mine.map((r) => [r.type, JSON.parse(r.detail).reason ?? null])).toEqual([
      ...Array.from({ length: 5 }, () => ['patient.verifyFailed', 'wrong answer']),
      ['patient.lockedOut', null],
      ['patient.verifyFailed', 'locked'],
    ]);

    const start = h.clock.now();
    h.clock.advance(15 * MINUTE);
    try {
      expect((await patient.post(`/p/${link.token}`, { birthDate: '1980-02-15' })).statusCode).toBe(200);
    } finally {
      h.clock.set(start);
    }
  });

  it('the access code at /p: any case, without dashes; a wrong code or date says the same', async () => {
    const link = await createPatientLink(admin, { patientID: JANE.patientID });
    const typed = link.accessCode.replaceAll('-', '').toLowerCase();
    const unknown = await h.client().post('/p', { accessCode: 'ZZZZ-ZZZZ-ZZZZ', birthDate: '1980-02-15' });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json()).toEqual({
      error: 'ACCESS_CODE_UNKNOWN',
      message: 'That access code or birth date is not right',
    });
    const wrongDate = await h.client().post('/p', { accessCode: typed, birthDate: '1980-02-14' });
    expect(wrongDate.statusCode).toBe(401);
    expect(wrongDate.json()).toEqual(unknown.json());

    const patient = h.client();
    const opened = await patient.post('/p', { accessCode: typed, birthDate: '1980-02-15' });
    expect(opened.statusCode).toBe(200);
    expect(opened.json()).toEqual({ redirect: '/patient' });
    expect(uids((await patient.get('/dicomweb/studies')).body)).toEqual([jane1.study, jane2.study].sort());

    const page = await h.client().get('/p');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('name="accessCode"');
    const viaForm = await h
      .client()
      .request('POST', '/p', form({ accessCode: link.accessCode, birthDate: '1980-02-15' }));
    expect(viaForm.statusCode).toBe(303);
    expect(viaForm.headers.location).toBe('/patient');
  });

  it('a link without a birth date in the data asks for the staff-set passcode instead', async () => {
    const link = await createPatientLink(admin, { patientID: 'SCSFREN', passcode: 'tulip-4711' });
    const page = await h.client().get(`/p/${link.token}`);
    expect(page.body).toContain('name="passcode"');
    expect(page.body).not.toContain('type="date"');
    const patient = h.client();
    expect((await patient.post(`/p/${link.token}`, { passcode: 'tulip-4712' })).json()).toMatchObject({
      error: 'WRONG_ANSWER',
    });
    expect((await patient.post(`/p/${link.token}`, { passcode: 'tulip-4711' })).statusCode).toBe(200);
    expect(uids((await patient.get('/dicomweb/studies')).body)).toEqual([STUDIES.french.study]);
  });

  it('expiry with a controlled clock: 410 with the date in words; an open session ends too', async () => {
    const link = await createPatientLink(admin, { patientID: JANE.patientID, expiresInSeconds: 3600 });
    const patient = await patientOf(link.token);
    const start = h.clock.now();
    h.clock.advance(HOUR);
    try {
      const page = await h.client().get(`/p/${link.token}`);
      expect(page.statusCode).toBe(410);
      expect(page.body).toContain('It expired on 12 March 2025, 10:00 UTC');
      const json = await h.client().post(`/p/${link.token}`, { birthDate: '1980-02-15' });
      expect(json.statusCode).toBe(410);
      expect(json.json()).toEqual({ error: 'LINK_EXPIRED', message: 'This link expired on 12 March 2025, 10:00 UTC' });
      expect((await patient.get('/api/patient-session')).json()).toMatchObject({ error: 'LINK_EXPIRED' });
      expect((await patient.get('/dicomweb/studies')).statusCode).toBe(401);
    } finally {
      h.clock.set(start);
    }
  });

  it('a revoked link: the page says so, and the open session is refused at once', async () => {
    const link = await createPatientLink(admin, { patientID: JANE.patientID });
    const patient = await patientOf(link.token);
    expect((await admin.request('DELETE', `/api/patient-links/${link.id}`)).statusCode).toBe(204);
    expect((await patient.get('/dicomweb/studies')).json()).toMatchObject({ error: 'LINK_REVOKED' });
    expect((await patient.get(`/dicomweb/studies/${jane1.study}/metadata`)).statusCode).toBe(401);
    const again = await h.client().post(`/p/${link.token}`, { birthDate: '1980-02-15' });
    expect(again.statusCode).toBe(410);
    expect(again.json()).toMatchObject({ error: 'LINK_REVOKED' });
    expect((await auditTypes()).includes('patient.linkRevoked')).toBe(true);
  });

  it('an unknown token is not found, and leaving ends the session', async () => {
    expect((await h.client().get('/p/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).statusCode).toBe(404);
    const link = await createPatientLink(admin, { patientID: JANE.patientID });
    const patient = await patientOf(link.token);
    const noToken = patient.clone();
    noToken.csrf = undefined;
    expect((await noToken.request('DELETE', '/api/patient-session')).statusCode).toBe(403);
    expect((await patient.request('DELETE', '/api/patient-session')).statusCode).toBe(204);
    expect((await patient.get('/api/patient-session')).statusCode).toBe(401);
  });
});

describe('what a patient session may do besides viewing', () => {
  it('nothing of the staff API', async () => {
    const link = await createPatientLink(admin, { patientID: JANE.patientID });
    const patient = await patientOf(link.token);
    for (const url of ['/api/patient-links', '/api/shares', '/api/users', '/api/audit']) {
      const response = await patient.get(url);
      expect([401, 403], url).toContain(response.statusCode);
      expect(response.body).not.toContain(jane1.study);
    }
    expect((await patient.post('/api/patient-links', { patientID: TEN.patientID })).statusCode).toBe(403);
  });

  it('download: its own studies when the link allows it, nothing else', async () => {
    const link = await createPatientLink(admin, { patientID: JANE.patientID });
    const patient = await patientOf(link.token);
    const zip = await patient.get(`/api/studies/${jane1.study}/download`);
    expect(zip.statusCode).toBe(200);
    expect(zip.headers['content-type']).toBe('application/zip');
    expect(zip.rawPayload.includes(Buffer.from(jane1.instance))).toBe(true);
    const other = await patient.get(`/api/studies/${ten.study}/download`);
    expect(other.statusCode).toBe(403);
    expect(other.body).not.toContain(ten.instance);
    expect((await patient.get('/api/patient-session/download')).statusCode).toBe(200);
    expect((await auditTypes()).includes('study.downloaded')).toBe(true);

    const noDownload = await createPatientLink(admin, { patientID: JANE.patientID, allowDownload: false });
    const viewer = await patientOf(noDownload.token);
    const refused = await viewer.get(`/api/studies/${jane1.study}/download`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ error: 'DOWNLOAD_NOT_ALLOWED' });
    expect((await viewer.get(`/dicomweb/studies/${jane1.study}`)).statusCode).toBe(403);
  });

  it('a Patient ID link shows studies that arrive later, once the session is asked again', async () => {
    const ID = { patientID: 'PAT-LATER', patientName: 'Later^Lee', birthDate: '19700101' };
    const first = await addPatientStudy(h.archive, corpusDir, ID);
    const link = await createPatientLink(admin, { patientID: ID.patientID });
    const patient = await patientOf(link.token, '1970-01-01');
    const later = await addPatientStudy(h.archive, corpusDir, ID);
    // The same Patient ID given to someone born on another day: not this patient's study.
    const namesake = await addPatientStudy(h.archive, corpusDir, { ...ID, birthDate: '19710202' });
    expect((await patient.get(`/dicomweb/studies/${later.study}/metadata`)).statusCode).toBe(403);
    const session = await patient.get('/api/patient-session');
    expect(session.json<{ studies: string[] }>().studies.sort()).toEqual([first.study, later.study].sort());
    expect((await patient.get(`/dicomweb/studies/${later.study}/metadata`)).statusCode).toBe(200);
    expect((await patient.get(`/dicomweb/studies/${namesake.study}/metadata`)).statusCode).toBe(403);
  });
});

describe('forwarding to a doctor', () => {
  let link: Awaited<ReturnType<typeof createPatientLink>>;
  let patient: Client;
  const forward = (body: Record<string, unknown>) =>
    patient.post('/api/patient/shares', { expiresInSeconds: 7 * 24 * 3600, ...body });
  const doctorOf = async (url: string) => {
    const doctor = h.client();
    const opened = await doctor.post(`/s/${url.split('/s/')[1]}`, {});
    if (opened.statusCode !== 303) throw new Error(`share not opened: ${opened.statusCode} ${opened.body}`);
    return doctor;
  };

  beforeAll(async () => {
    link = await createPatientLink(admin, { patientID: JANE.patientID, expiresInSeconds: 30 * 24 * 3600 });
    patient = await patientOf(link.token);
  });

  it('the doctor sees only the forwarded study; the patient lists and revokes it', async () => {
    const created = await forward({
      studyInstanceUIDs: [jane1.study],
      recipient: 'Dr Specialist',
      message: 'Please look',
    });
    expect(created.statusCode).toBe(201);
    const { id, url } = created.json<{ id: string; url: string }>();
    const doctor = await doctorOf(url);
    const seen = await doctor.get('/dicomweb/studies?includefield=all');
    expect(uids(seen.body)).toEqual([jane1.study]);
    expect(seen.body).not.toContain(jane2.study);
    expect((await doctor.get(`/dicomweb/studies/${jane2.study}/metadata`)).statusCode).toBe(403);
    const share = (await doctor.get('/api/share-session')).json<Record<string, unknown>>();
    expect(share).toMatchObject({
      senderName: 'Jane Doe',
      message: 'Please look',
      allowDownload: false,
      allowReply: true,
    });

    const list = await patient.get('/api/patient/shares');
    expect(list.json()).toEqual({
      shares: [
        expect.objectContaining({ id, label: 'Dr Specialist', studies: [jane1.study], revokedAt: null, opens: 1 }),
      ],
    });
    const row = (await auditRows(h.store.auditLog)).find((r) => r.type === 'share.created' && r.share_id === id)!;
    expect([row.actor_kind, row.actor_id]).toEqual(['patient', link.id]);

    expect((await patient.request('DELETE', `/api/patient/shares/${id}`)).statusCode).toBe(204);
    expect((await doctor.get('/dicomweb/studies')).json()).toMatchObject({ error: 'SHARE_REVOKED' });
    expect(
      (await patient.get('/api/patient/shares')).json<{ shares: { revokedAt: string | null }[] }>().shares[0]!
        .revokedAt,
    ).not.toBeNull();
  });

  it('refuses a forward that outlives the link, names a study not theirs, or lacks the CSRF token', async () => {
    const tooLong = await forward({ studyInstanceUIDs: [jane1.study], expiresInSeconds: 31 * 24 * 3600 });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json()).toEqual({
      error: 'EXPIRY_TOO_LONG',
      message: 'A link you send can last until 11 April 2025, 09:00 UTC at the latest, when your own link ends',
    });
    const notTheirs = await forward({ studyInstanceUIDs: [ten.study] });
    expect(notTheirs.statusCode).toBe(403);
    expect(notTheirs.body).not.toContain('Roe');
    const noToken = patient.clone();
    noToken.csrf = undefined;
    expect(
      (await noToken.post('/api/patient/shares', { studyInstanceUIDs: [jane1.study], expiresInSeconds: 3600 }))
        .statusCode,
    ).toBe(403);
    // Staff have no say in a patient's forwards through this API, and cannot make one here.
    expect(
      (await admin.post('/api/patient/shares', { studyInstanceUIDs: [jane1.study], expiresInSeconds: 3600 }))
        .statusCode,
    ).toBe(403);
  });

  it("another patient's forward is not found; revoking the patient link revokes every forward", async () => {
    const created = await forward({ studyInstanceUIDs: [jane2.study] });
    const { id, url } = created.json<{ id: string; url: string }>();
    // The doctor's landing page names the patient, not the hospital, as the sender.
    const landing = await h.client().get(`/s/${url.split('/s/')[1]}`);
    expect(landing.body).toContain('Jane Doe');
    expect(landing.body).not.toContain('St Elsewhere');
    const doctor = await doctorOf(url);
    const stranger = await patientOf((await createPatientLink(admin, { patientID: TEN.patientID })).token);
    expect((await stranger.request('DELETE', `/api/patient/shares/${id}`)).statusCode).toBe(404);
    expect((await stranger.get('/api/patient/shares')).json()).toEqual({ shares: [] });
    expect(uids((await doctor.get('/dicomweb/studies')).body)).toEqual([jane2.study]);

    const summary = (await admin.get('/api/patient-links')).json<{
      links: { id: string; forwards: number; lastOpenedAt: string | null }[];
    }>();
    expect(summary.links.find((l) => l.id === link.id)).toMatchObject({
      forwards: 2,
      lastOpenedAt: expect.any(String),
    });
    expect((await admin.get(`/api/patient-links/${link.id}`)).json()).toEqual(
      summary.links.find((l) => l.id === link.id),
    );
    expect((await admin.get('/api/patient-links/00000000-0000-4000-8000-000000000000')).json()).toMatchObject({
      error: 'PATIENT_LINK_NOT_FOUND',
    });
    // The creator's own share list holds no patient forwards, and staff cannot outlast the patient's link.
    expect((await admin.get('/api/shares')).body).not.toContain(id);
    const extend = await admin.request('PATCH', `/api/shares/${id}`, { payload: { expiresInSeconds: 3600 } });
    expect(extend.json()).toMatchObject({ error: 'PATIENT_FORWARD' });

    expect((await admin.request('DELETE', `/api/patient-links/${link.id}`)).statusCode).toBe(204);
    expect((await doctor.get('/dicomweb/studies')).json()).toMatchObject({ error: 'SHARE_REVOKED' });
    expect((await h.store.shares.get(id))!.revokedAt).toBeDefined();
  });
});
