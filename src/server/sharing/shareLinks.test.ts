import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { corpusDir } from '../../../test/support/corpus';
import {
  DAY,
  HOUR,
  MINUTE,
  ORIGIN,
  shareAndOpen,
  startHarness,
  STUDIES,
  type Client,
  type Harness,
} from '../../../test/support/sharing/harness';

/** Opening links (pages, passcodes, expiry, opens) and the senders' API, through the real app. */
let h: Harness;
let admin: Client;
let radiologist: Client;
const F = STUDIES.french;
const G = STUDIES.greek;

beforeAll(async () => {
  h = await startHarness({ corpusDir });
  admin = await h.signedIn('admin');
  radiologist = await h.signedIn('radiologist');
});
afterAll(async () => h.close());

async function create(sender: Client, body: Record<string, unknown>) {
  const response = await sender.post('/api/shares', { studyInstanceUIDs: [F.study], expiresInSeconds: 3600, ...body });
  expect(response.statusCode, response.body).toBe(201);
  const { id, url, expiresAt } = response.json<{ id: string; url: string; expiresAt: string }>();
  return { id, url, expiresAt, token: url.split('/s/')[1]! };
}

const auditTypes = async (shareId: string) => (await h.store.auditLog.forShare(shareId)).map((row) => row.type);

describe('creating shares', () => {
  it('returns the URL once, stores only the token hash, and names the sender', async () => {
    const { id, url, token, expiresAt } = await create(radiologist, { label: 'Please review the liver' });
    expect(url).toMatch(/^http:\/\/localhost:80\/s\/[A-Za-z0-9_-]{32}$/);
    expect(expiresAt).toBe(new Date(h.clock.now() + HOUR).toISOString());
    const row = (await h.store.shares.get(id))!;
    expect(row.tokenHash).not.toContain(token);
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.senderName).toBe('Dr Gregory House');
    expect(await auditTypes(id)).toEqual(['share.created']);
  });

  it('refuses unknown studies, foreign series, no expiry and expiry past the maximum', async () => {
    const post = (body: Record<string, unknown>) => radiologist.post('/api/shares', body);
    const unknown = await post({ studyInstanceUIDs: ['1.2.3.4.5'], expiresInSeconds: 3600 });
    expect([unknown.statusCode, unknown.json<{ error: string }>().error]).toEqual([404, 'STUDY_NOT_FOUND']);
    const foreign = await post({
      studyInstanceUIDs: [F.study],
      seriesInstanceUIDs: [G.series],
      expiresInSeconds: 3600,
    });
    expect([foreign.statusCode, foreign.json<{ error: string }>().error]).toEqual([404, 'SERIES_NOT_FOUND']);
    const partial = await post({
      studyInstanceUIDs: [F.study, G.study],
      seriesInstanceUIDs: [G.series],
      expiresInSeconds: 3600,
    });
    expect([partial.statusCode, partial.json<{ error: string }>().error]).toEqual([400, 'STUDY_WITHOUT_SERIES']);
    expect((await post({ studyInstanceUIDs: [F.study] })).statusCode).toBe(400);
    const tooLong = await post({ studyInstanceUIDs: [F.study], expiresInSeconds: 31 * 24 * 3600 });
    expect([tooLong.statusCode, tooLong.json<{ error: string }>().error]).toEqual([400, 'EXPIRY_TOO_LONG']);
    expect((await post({ studyInstanceUIDs: ['../1.2'], expiresInSeconds: 3600 })).statusCode).toBe(400);
    expect((await post({ studyInstanceUIDs: [F.study], expiresInSeconds: 3600, passcode: '12345' })).statusCode).toBe(
      400,
    );
  });

  it("lists mine; admins see everyone's with all=1; others' shares are not found", async () => {
    const mine = await create(radiologist, {});
    const theirs = await create(admin, {});
    const listed = (await radiologist.get('/api/shares'))
      .json<{ shares: { id: string; createdBy: string }[] }>()
      .shares.map((s) => s.id);
    expect(listed).toContain(mine.id);
    expect(listed).not.toContain(theirs.id);
    expect((await radiologist.get('/api/shares?all=1')).statusCode).toBe(403);
    const all = (await admin.get('/api/shares?all=1')).json<{ shares: { id: string }[] }>().shares.map((s) => s.id);
    expect(all).toEqual(expect.arrayContaining([mine.id, theirs.id]));
    expect((await radiologist.get(`/api/shares/${theirs.id}`)).statusCode).toBe(404);
    expect((await radiologist.request('DELETE', `/api/shares/${theirs.id}`)).statusCode).toBe(404);
    expect((await admin.get(`/api/shares/${mine.id}`)).statusCode).toBe(200);
  });
});

describe('opening a link', () => {
  it('landing page, open, share session, viewer redirect without the token, access history', async () => {
    const { id, token } = await create(radiologist, { label: '<script>alert(1)</script>' });
    const recipient = h.client();
    const landing = await recipient.get(`/s/${token}`);
    expect(landing.statusCode).toBe(200);
    expect(landing.headers['content-type']).toMatch(/text\/html/);
    expect(landing.body).toContain('Dr Gregory House shared a study with you');
    expect(landing.body).not.toContain('<script');
    expect(landing.body).toContain('&lt;script&gt;');
    expect(landing.headers['referrer-policy']).toBe('no-referrer');
    expect(landing.headers['content-security-policy']).toContain("script-src 'self'");
    expect(landing.headers['cache-control']).toBe('no-store');
    // Looking at the landing page opens nothing (mail scanners fetch links too).
    expect((await h.store.shares.get(id))!.opens).toBe(0);

    const opened = await recipient.post(`/s/${token}`, 'x=1', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(opened.statusCode).toBe(303);
    expect(opened.headers.location).toBe(`/viewer?StudyInstanceUIDs=${F.study}`);
    expect(opened.headers.location).not.toContain(token);
    const cookie = String(opened.headers['set-cookie']);
    expect(cookie).toMatch(/^sr_share=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\//);

    const session = await recipient.get('/api/share-session');
    expect(session.json()).toMatchObject({
      shareId: id,
      senderName: 'Dr Gregory House',
      studies: [{ studyInstanceUID: F.study }],
      allowDownload: false,
    });
    await recipient.get(`/dicomweb/studies/${F.study}/series/${F.series}/metadata`);
    await recipient.get(`/dicomweb/studies/${F.study}/series/${F.series}/instances/${F.instance}/frames/1`);
    await recipient.get(`/dicomweb/studies/${F.study}/series/${F.series}/instances/${F.instance}/frames/1`);

    const detail = (await radiologist.get(`/api/shares/${id}`)).json<{
      share: { opens: number; status: string; lastOpenedAt: string | null };
      history: { event: string; ip: string; time: string }[];
      access: { studyInstanceUID: string; seriesInstanceUID: string; requests: number }[];
    }>();
    expect(detail.share).toMatchObject({ opens: 1, status: 'active' });
    expect(detail.history.map((e) => e.event)).toEqual(['share.created', 'share.opened', 'study.accessed']);
    expect(detail.share.lastOpenedAt).toBe(detail.history[1]!.time);
    expect(detail.access).toEqual([
      expect.objectContaining({ studyInstanceUID: F.study, seriesInstanceUID: F.series, requests: 3 }),
    ]);
  });

  it('a link followed from another site loads itself again from this site, naming nothing', async () => {
    const { token } = await create(radiologist, { label: 'From the mail client' });
    const fromMail = { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' };
    for (const url of [`/s/${token}`, '/s/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA']) {
      const hop = await h.client().get(url, fromMail);
      expect(hop.statusCode, url).toBe(200);
      expect(hop.headers.refresh).toBe('0');
      expect(hop.body).toContain('Opening the link');
      expect(hop.body).not.toContain('Dr Gregory House');
      expect(hop.body).not.toContain('From the mail client');
    }
    // The reload comes from this site: the landing page as usual.
    const again = await h.client().get(`/s/${token}`, { ...fromMail, 'sec-fetch-site': 'same-origin' });
    expect(again.body).toContain('Dr Gregory House');
    expect(again.headers.refresh).toBeUndefined();
  });

  it('JSON clients get the landing facts and the same redirect', async () => {
    const { token } = await create(radiologist, { passcode: '246813' });
    const facts = await h.client().get(`/s/${token}`, { accept: 'application/json' });
    expect(facts.json()).toMatchObject({
      status: 'active',
      senderName: 'Dr Gregory House',
      passcodeRequired: true,
      studyCount: 1,
    });
    const opened = await h.client().post(`/s/${token}`, { passcode: '246813' });
    expect(opened.statusCode).toBe(303);
  });

  it('unknown tokens get a page that names nobody', async () => {
    for (const token of ['AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'short', '..%2F..%2Fetc']) {
      const response = await h.client().get(`/s/${token}`);
      expect(response.statusCode).toBe(404);
      expect(response.body).toContain('This link is not valid');
      expect(response.body).not.toContain('House');
    }
    expect((await h.client().post('/s/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', {})).statusCode).toBe(404);
  });

  it('revoked links: 410 page with the sender, idempotent revoke, audited once', async () => {
    const { id, token } = await create(radiologist, {});
    expect((await radiologist.request('DELETE', `/api/shares/${id}`)).statusCode).toBe(204);
    expect((await radiologist.request('DELETE', `/api/shares/${id}`)).statusCode).toBe(204);
    const page = await h.client().get(`/s/${token}`);
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('Dr Gregory House has withdrawn access');
    expect((await h.client().post(`/s/${token}`, {})).statusCode).toBe(410);
    expect((await auditTypes(id)).filter((t) => t === 'share.revoked')).toHaveLength(1);
    const extend = await radiologist.request('PATCH', `/api/shares/${id}`, { payload: { expiresInSeconds: 7200 } });
    expect([extend.statusCode, extend.json<{ error: string }>().error]).toEqual([409, 'SHARE_REVOKED']);
  });

  it('exhausted links: maxOpens counts opens, then 410', async () => {
    const { id, token } = await create(radiologist, { maxOpens: 2 });
    expect((await h.client().post(`/s/${token}`, {})).statusCode).toBe(303);
    expect((await h.client().post(`/s/${token}`, {})).statusCode).toBe(303);
    const third = await h.client().post(`/s/${token}`, '', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(third.statusCode).toBe(410);
    expect(third.body).toContain('has been used up');
    expect((await h.client().get(`/s/${token}`)).statusCode).toBe(410);
    expect((await h.store.shares.get(id))!.opens).toBe(2);
  });

  it('a form post from another site is refused', async () => {
    const { token } = await create(radiologist, {});
    const response = await h.client().post(`/s/${token}`, {}, { origin: 'https://evil.example' });
    expect(response.statusCode).toBe(403);
  });

  it('allowDownload lets the recipient retrieve whole instances', async () => {
    const { recipient } = await shareAndOpen(h, radiologist, { studyInstanceUIDs: [F.study], allowDownload: true });
    expect(
      (
        await recipient.get(`/dicomweb/studies/${F.study}/series/${F.series}`, {
          accept: 'multipart/related; type="application/dicom"',
        })
      ).statusCode,
    ).toBe(200);
    const { recipient: without } = await shareAndOpen(h, radiologist, { studyInstanceUIDs: [F.study] });
    expect((await without.get(`/dicomweb/studies/${F.study}/series/${F.series}`)).statusCode).toBe(403);
  });
});

describe('passcodes', () => {
  it('the sixth attempt is refused even when right; the lockout is audited; after 15 minutes the right passcode works', async () => {
    const { id, token } = await create(radiologist, { passcode: 'right-one', expiresInSeconds: 2 * 3600 });
    const recipient = h.client();
    const landing = await recipient.get(`/s/${token}`);
    expect(landing.body).toContain('name="passcode"');
    for (let attempt = 1; attempt <= 4; attempt++) {
      const wrong = await recipient.post(`/s/${token}`, `passcode=wrong${attempt}`, {
        'content-type': 'application/x-www-form-urlencoded',
      });
      expect(wrong.statusCode).toBe(401);
      expect(wrong.body).toContain(`${5 - attempt} ${5 - attempt === 1 ? 'try' : 'tries'} left`);
    }
    const fifth = await recipient.post(`/s/${token}`, { passcode: 'wrong5' });
    expect([fifth.statusCode, fifth.json<{ error: string }>().error]).toEqual([429, 'LINK_LOCKED']);
    const sixth = await recipient.post(`/s/${token}`, { passcode: 'right-one' });
    expect(sixth.statusCode).toBe(429);
    expect(Number(sixth.headers['retry-after'])).toBe(15 * 60);
    expect((await h.client().get(`/s/${token}`)).statusCode).toBe(429);
    expect((await auditTypes(id)).filter((t) => t === 'share.passcodeFailed')).toHaveLength(5);
    expect(await auditTypes(id)).toContain('share.lockedOut');
    expect((await h.store.shares.get(id))!.opens).toBe(0);

    h.clock.advance(15 * MINUTE - 1);
    expect((await recipient.post(`/s/${token}`, { passcode: 'right-one' })).statusCode).toBe(429);
    h.clock.advance(1);
    const later = await recipient.post(`/s/${token}`, { passcode: 'right-one' });
    expect(later.statusCode).toBe(303);
  });

  it('a right passcode resets the count', async () => {
    const { token } = await create(radiologist, { passcode: 'open-sesame' });
    for (let i = 0; i < 4; i++) await h.client().post(`/s/${token}`, { passcode: 'nope' });
    expect((await h.client().post(`/s/${token}`, { passcode: 'open-sesame' })).statusCode).toBe(303);
    for (let i = 0; i < 4; i++)
      expect((await h.client().post(`/s/${token}`, { passcode: 'nope' })).statusCode).toBe(401);
    expect((await h.client().post(`/s/${token}`, { passcode: 'open-sesame' })).statusCode).toBe(303);
  });

  it('parallel guesses cannot exceed the five tries', async () => {
    const { id, token } = await create(radiologist, { passcode: 'parallel-1' });
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => h.client().post(`/s/${token}`, { passcode: 'guess' })),
    );
    expect(answers.filter((a) => a.statusCode === 401).length).toBeLessThanOrEqual(5);
    expect(answers.filter((a) => a.statusCode === 429).length).toBeGreaterThanOrEqual(7);
    expect((await auditTypes(id)).filter((t) => t === 'share.passcodeFailed').length).toBeLessThanOrEqual(5);
    expect((await h.client().post(`/s/${token}`, { passcode: 'parallel-1' })).statusCode).toBe(429);
  });
});

describe('passcode guess budget', () => {
  beforeEach(async () => {
    radiologist = await h.signedIn('radiologist');
  });

  /** Spends `count` wrong passcodes, waiting out each 15-minute lock as a patient attacker would. */
  async function guess(token: string, count: number) {
    for (let i = 0; i < count; i++) {
      const answer = await h.client().post(`/s/${token}`, { passcode: `guess-${i}` });
      if (answer.statusCode === 429 && answer.json<{ error: string }>().error === 'LINK_LOCKED')
        h.clock.advance(15 * MINUTE);
    }
  }

  it('twenty wrong passcodes over the life of a link lock it until the sender lifts the lock', async () => {
    const { id, token } = await create(radiologist, { passcode: 'budget-pass', expiresInSeconds: 30 * 24 * 3600 });
    await guess(token, 19);
    h.clock.advance(15 * MINUTE);
    expect((await h.store.shares.get(id))!.passcodeFailures).toBe(19);
    const last = await h.client().post(`/s/${token}`, { passcode: 'still-wrong' });
    expect([last.statusCode, last.json<{ error: string }>().error]).toEqual([423, 'LINK_BLOCKED']);
    // No wait opens it again, not even with the right passcode.
    h.clock.advance(DAY);
    const right = await h.client().post(`/s/${token}`, { passcode: 'budget-pass' });
    expect([right.statusCode, right.json<{ error: string }>().error]).toEqual([423, 'LINK_BLOCKED']);
    const page = await h.client().get(`/s/${token}`);
    expect(page.statusCode).toBe(423);
    expect(page.body).toContain('ask Dr Gregory House');
    expect(page.headers['retry-after']).toBeUndefined();
    expect(await auditTypes(id)).toContain('share.passcodeBlocked');
    radiologist = await h.signedIn('radiologist');

    const listed = (await radiologist.get('/api/shares'))
      .json<{ shares: { id: string; status: string; passcodeBlocked: boolean }[] }>()
      .shares.find((s) => s.id === id)!;
    expect([listed.status, listed.passcodeBlocked]).toEqual(['locked', true]);
    // Only its sender (or an admin) lifts it, with the CSRF token.
    const stranger = h.client();
    expect((await stranger.post(`/api/shares/${id}/unlock`)).statusCode).toBe(401);
    const unlocked = await radiologist.post(`/api/shares/${id}/unlock`);
    expect(unlocked.statusCode, unlocked.body).toBe(200);
    expect(unlocked.json<{ status: string; passcodeBlocked: boolean }>()).toMatchObject({
      status: 'active',
      passcodeBlocked: false,
    });
    expect(await auditTypes(id)).toContain('share.unlocked');
    expect((await h.client().post(`/s/${token}`, { passcode: 'budget-pass' })).statusCode).toBe(303);
  });

  it('the sender lifts a 15-minute lock too; a revoked link cannot be unlocked', async () => {
    const { id, token } = await create(radiologist, { passcode: 'short-lock' });
    await guess(token, 4);
    expect((await h.client().post(`/s/${token}`, { passcode: 'wrong' })).statusCode).toBe(429);
    expect((await radiologist.post(`/api/shares/${id}/unlock`)).statusCode).toBe(200);
    expect((await h.client().post(`/s/${token}`, { passcode: 'short-lock' })).statusCode).toBe(303);
    expect((await radiologist.request('DELETE', `/api/shares/${id}`)).statusCode).toBe(204);
    const revoked = await radiologist.post(`/api/shares/${id}/unlock`);
    expect([revoked.statusCode, revoked.json<{ error: string }>().error]).toEqual([409, 'SHARE_REVOKED']);
  });

  it('passcodes are at least six characters', async () => {
    const short = await radiologist.post('/api/shares', {
      studyInstanceUIDs: [F.study],
      expiresInSeconds: 3600,
      passcode: '12345',
    });
    expect(short.statusCode).toBe(400);
    expect(short.json<{ message: string }>().message).toContain('6 characters');
    await create(radiologist, { passcode: '123456' });
  });

  it('a post without a body shows the landing page and spends no passcode try', async () => {
    const { id, token } = await create(radiologist, { passcode: 'no-body-pass' });
    for (const headers of [{}, { 'content-type': 'application/x-www-form-urlencoded' }] as Record<string, string>[]) {
      const response = await h.client().request('POST', `/s/${token}`, { headers });
      expect(response.statusCode, JSON.stringify(headers)).toBe(200);
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.body).toContain('name="passcode"');
    }
    expect((await h.store.shares.get(id))!.passcodeFailures).toBe(0);
    expect(await auditTypes(id)).not.toContain('share.passcodeFailed');
    const open = await create(radiologist, {});
    expect((await h.client().request('POST', `/s/${open.token}`)).statusCode).toBe(303);
  });
});

describe('caching', () => {
  beforeEach(async () => {
    radiologist = await h.signedIn('radiologist');
  });

  it('a share session gets its images as private, no-store; staff keep cacheable frames', async () => {
    const { recipient } = await shareAndOpen(h, radiologist, { studyInstanceUIDs: [F.study] });
    const frame = `/dicomweb/studies/${F.study}/series/${F.series}/instances/${F.instance}/frames/1`;
    for (const url of [frame, `/dicomweb/studies/${F.study}/metadata`, '/dicomweb/studies', '/api/share-session']) {
      const response = await recipient.get(url);
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['cache-control'], url).toBe('private, no-store');
    }
    const staff = await radiologist.get(frame);
    expect(staff.headers['cache-control']).toContain('max-age');
  });
});

describe('expiry with the clock', () => {
  // The clock moves past the staff idle timeout in these tests.
  beforeEach(async () => {
    radiologist = await h.signedIn('radiologist');
  });

  it('a link opens just before its expiry and not just after; its sessions end with it', async () => {
    const { id, token } = await create(radiologist, { expiresInSeconds: 3600 });
    const early = h.client();
    expect((await early.post(`/s/${token}`, {})).statusCode).toBe(303);
    h.clock.advance(HOUR - 1);
    expect((await early.get(`/dicomweb/studies/${F.study}/metadata`)).statusCode).toBe(200);
    const late = h.client();
    expect((await late.post(`/s/${token}`, {})).statusCode).toBe(303);
    expect((await late.get('/api/share-session')).json<{ sessionExpiresAt: string }>().sessionExpiresAt).toBe(
      new Date(h.clock.now() + 1).toISOString(),
    );
    h.clock.advance(1);
    const inSession = await early.get(`/dicomweb/studies/${F.study}/metadata`);
    expect([inSession.statusCode, inSession.json<{ error: string }>().error]).toEqual([401, 'SHARE_EXPIRED']);
    expect((await late.get(`/dicomweb/studies/${F.study}/metadata`)).statusCode).toBe(401);
    const page = await h.client().get(`/s/${token}`);
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('expired');
    expect((await h.client().post(`/s/${token}`, {})).statusCode).toBe(410);
    expect(await auditTypes(id)).toContain('share.refused');
  });

  it('extending moves the expiry (capped at the maximum); open sessions keep their end; shortening ends them', async () => {
    const { id, token, recipient } = await shareAndOpen(h, radiologist, {
      studyInstanceUIDs: [F.study],
      expiresInSeconds: 600,
    });
    const extended = await radiologist.request('PATCH', `/api/shares/${id}`, {
      payload: { expiresInSeconds: 7 * 24 * 3600 },
    });
    expect(extended.statusCode).toBe(200);
    expect(extended.json<{ expiresAt: string }>().expiresAt).toBe(new Date(h.clock.now() + 7 * DAY).toISOString());
    expect(await auditTypes(id)).toContain('share.extended');
    const tooFar = await radiologist.request('PATCH', `/api/shares/${id}`, {
      payload: { expiresInSeconds: 60 * 24 * 3600 },
    });
    expect([tooFar.statusCode, tooFar.json<{ error: string }>().error]).toEqual([400, 'EXPIRY_TOO_LONG']);
    h.clock.advance(20 * MINUTE);
    // The session was capped at the expiry in force when it was opened; the link opens again.
    const old = await recipient.get(`/dicomweb/studies/${F.study}/metadata`);
    expect([old.statusCode, old.json<{ error: string }>().error]).toEqual([401, 'SESSION_EXPIRED']);
    const again = h.client();
    expect((await again.post(`/s/${token}`, {})).statusCode).toBe(303);
    expect((await again.get(`/dicomweb/studies/${F.study}/metadata`)).statusCode).toBe(200);
    await radiologist.request('PATCH', `/api/shares/${id}`, { payload: { expiresInSeconds: 60 } });
    h.clock.advance(MINUTE);
    const shortened = await again.get(`/dicomweb/studies/${F.study}/metadata`);
    expect([shortened.statusCode, shortened.json<{ error: string }>().error]).toEqual([401, 'SHARE_EXPIRED']);
  });

  it('changes need the CSRF token and this origin', async () => {
    const { id } = await create(radiologist, {});
    const noToken = radiologist.clone();
    noToken.csrf = undefined;
    expect((await noToken.request('DELETE', `/api/shares/${id}`)).statusCode).toBe(403);
    expect(
      (await radiologist.request('DELETE', `/api/shares/${id}`, { headers: { origin: 'https://evil.example' } }))
        .statusCode,
    ).toBe(403);
    expect((await radiologist.request('DELETE', `/api/shares/${id}`, { headers: { origin: ORIGIN } })).statusCode).toBe(
      204,
    );
  });
});
