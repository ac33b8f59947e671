import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { corpusDir } from '../../../test/support/corpus';
import { HOUR, MINUTE, startHarness, STUDIES, type Client, type Harness } from '../../../test/support/sharing/harness';

/**
 * Who shared a link and why (the sender's message, name and institution), and a recipient who
 * opens the same link again while their viewing session still runs.
 */
let h: Harness;
let radiologist: Client;
const F = STUDIES.french;
const G = STUDIES.greek;
const INSTITUTION = 'St Elsewhere <Hospital>';

beforeAll(async () => {
  h = await startHarness({ corpusDir, settings: { institutionName: INSTITUTION } });
});
afterAll(async () => h.close());
beforeEach(async () => {
  radiologist = await h.signedIn('radiologist');
});

async function create(body: Record<string, unknown>) {
  const response = await radiologist.post('/api/shares', {
    studyInstanceUIDs: [F.study],
    expiresInSeconds: 3600,
    ...body,
  });
  expect(response.statusCode, response.body).toBe(201);
  const { id, url } = response.json<{ id: string; url: string }>();
  return { id, token: url.split('/s/')[1]! };
}

const auditTypes = async (shareId: string) => (await h.store.auditLog.forShare(shareId)).map((row) => row.type);

describe("the sender's message", () => {
  it('is at most 2000 characters; blank is none', async () => {
    const tooLong = await radiologist.post('/api/shares', {
      studyInstanceUIDs: [F.study],
      expiresInSeconds: 3600,
      message: 'x'.repeat(2001),
    });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json<{ message: string }>().message).toContain('2000');
    const longest = await create({ message: 'x'.repeat(2000) });
    expect((await h.store.shares.get(longest.id))!.message).toHaveLength(2000);
    const blank = await create({ message: '  \n ' });
    expect((await h.store.shares.get(blank.id))!.message).toBeUndefined();
  });

  it('shows on the landing page as text, line breaks kept, and goes back to its sender', async () => {
    const message = 'Query metastasis?\r\nCompare with <b>2023</b> & "prior"\n\nThanks';
    const { id, token } = await create({ message, label: 'Dr Wilson' });
    const landing = await h.client().get(`/s/${token}`);
    expect(landing.statusCode).toBe(200);
    expect(landing.body).toContain('Message from Dr Gregory House');
    expect(landing.body).toContain(
      'Query metastasis?<br>Compare with &lt;b&gt;2023&lt;/b&gt; &amp; &quot;prior&quot;<br><br>Thanks',
    );
    expect(landing.body).not.toContain('<b>2023');
    const facts = (await h.client().get(`/s/${token}`, { accept: 'application/json' })).json();
    expect(facts).toMatchObject({
      message: 'Query metastasis?\nCompare with <b>2023</b> & "prior"\n\nThanks',
      institution: INSTITUTION,
    });

    const summary = (await radiologist.get(`/api/shares/${id}`)).json<{ share: { message: string | null } }>().share;
    expect(summary.message).toBe('Query metastasis?\nCompare with <b>2023</b> & "prior"\n\nThanks');
    const listed = (await radiologist.get('/api/shares')).json<{ shares: { id: string; message: string | null }[] }>()
      .shares;
    expect(listed.find((s) => s.id === id)!.message).toBe(summary.message);
    const created = (await h.store.auditLog.forShare(id)).find((row) => row.type === 'share.created')!;
    // The audit says that there was a message, not what it said (it may name the patient).
    expect(JSON.stringify(created)).not.toContain('metastasis');
  });

  it('a link without a message says nothing about one', async () => {
    const { id, token } = await create({});
    const landing = await h.client().get(`/s/${token}`);
    expect(landing.body).not.toContain('Message from');
    expect(
      (await radiologist.get(`/api/shares/${id}`)).json<{ share: { message: string | null } }>().share.message,
    ).toBeNull();
  });
});

describe('who shared it', () => {
  it('the landing page and the share session name the sender and the institution, never a username', async () => {
    const { token } = await create({ message: 'Second opinion on the left kidney, please.' });
    const recipient = h.client();
    const landing = await recipient.get(`/s/${token}`);
    expect(landing.body).toContain('Dr Gregory House at St Elsewhere &lt;Hospital&gt; shared a study with you');
    expect(landing.body).not.toContain('dr.house');
    expect((await recipient.post(`/s/${token}`, {})).statusCode).toBe(303);
    const session = (await recipient.get('/api/share-session')).json();
    expect(session).toMatchObject({
      senderName: 'Dr Gregory House',
      institution: INSTITUTION,
      message: 'Second opinion on the left kidney, please.',
    });
    expect(JSON.stringify(session)).not.toContain('dr.house');
  });
});

describe('opening a link again', () => {
  it('with a live session of that share goes straight to the viewer: no passcode, no second open', async () => {
    const { id, token } = await create({ passcode: 'resume-123' });
    const recipient = h.client();
    expect((await recipient.post(`/s/${token}`, { passcode: 'resume-123' })).statusCode).toBe(303);
    expect((await h.store.shares.get(id))!.opens).toBe(1);

    const again = await recipient.get(`/s/${token}`);
    expect([again.statusCode, again.headers.location]).toEqual([303, `/viewer?StudyInstanceUIDs=${F.study}`]);
    const posted = await recipient.post(`/s/${token}`, {});
    expect([posted.statusCode, posted.headers.location]).toEqual([303, `/viewer?StudyInstanceUIDs=${F.study}`]);
    expect(posted.headers['set-cookie']).toBeUndefined();
    expect((await h.store.shares.get(id))!.opens).toBe(1);
    expect((await auditTypes(id)).filter((t) => t === 'share.opened')).toHaveLength(1);
    expect((await recipient.get(`/dicomweb/studies/${F.study}/metadata`)).statusCode).toBe(200);
  });

  it('a session of another share counts for nothing', async () => {
    const first = await create({});
    const second = await create({ studyInstanceUIDs: [G.study], passcode: 'other-link-1' });
    const recipient = h.client();
    expect((await recipient.post(`/s/${first.token}`, {})).statusCode).toBe(303);
    const landing = await recipient.get(`/s/${second.token}`);
    expect(landing.statusCode).toBe(200);
    expect(landing.body).toContain('name="passcode"');
    const posted = await recipient.post(`/s/${second.token}`, {});
    expect([posted.statusCode, posted.json<{ error: string }>().error]).toEqual([401, 'PASSCODE_REQUIRED']);
    expect((await h.store.shares.get(second.id))!.opens).toBe(0);
  });

  it('once the session ran out the passcode is asked again and the open counts', async () => {
    const { id, token } = await create({ passcode: 'resume-456', expiresInSeconds: 8 * 3600 });
    const recipient = h.client();
    expect((await recipient.post(`/s/${token}`, { passcode: 'resume-456' })).statusCode).toBe(303);
    h.clock.advance(4 * HOUR);
    expect((await recipient.get(`/s/${token}`)).body).toContain('name="passcode"');
    expect((await recipient.post(`/s/${token}`, { passcode: 'resume-456' })).statusCode).toBe(303);
    expect((await h.store.shares.get(id))!.opens).toBe(2);
  });
});

describe('a link that ends while open', () => {
  it('revoked: the very next request says SHARE_REVOKED, and so does the share session', async () => {
    const { id, token } = await create({});
    const recipient = h.client();
    expect((await recipient.post(`/s/${token}`, {})).statusCode).toBe(303);
    expect((await recipient.get(`/dicomweb/studies/${F.study}/metadata`)).statusCode).toBe(200);
    expect((await radiologist.request('DELETE', `/api/shares/${id}`)).statusCode).toBe(204);
    const next = await recipient.get(`/dicomweb/studies/${F.study}/metadata`);
    expect([next.statusCode, next.json<{ error: string }>().error]).toEqual([401, 'SHARE_REVOKED']);
    const session = await recipient.get('/api/share-session');
    expect([session.statusCode, session.json<{ error: string }>().error]).toEqual([401, 'SHARE_REVOKED']);
    // Opening it again shows the link's own page, not the viewer.
    const page = await recipient.get(`/s/${token}`);
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('has withdrawn access');
  });

  it('expired: the share session says SHARE_EXPIRED from the expiry on, and reopening shows the expired page', async () => {
    const { token } = await create({ expiresInSeconds: 20 * 60 });
    const recipient = h.client();
    expect((await recipient.post(`/s/${token}`, {})).statusCode).toBe(303);
    const { expiresAt, sessionExpiresAt } = (await recipient.get('/api/share-session')).json<{
      expiresAt: string;
      sessionExpiresAt: string;
    }>();
    expect(sessionExpiresAt).toBe(expiresAt);
    h.clock.advance(20 * MINUTE);
    const session = await recipient.get('/api/share-session');
    expect([session.statusCode, session.json<{ error: string }>().error]).toEqual([401, 'SHARE_EXPIRED']);
    const page = await recipient.get(`/s/${token}`);
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('This link has expired');
  });
});
