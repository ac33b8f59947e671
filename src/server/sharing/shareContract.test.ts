import type { TSchema } from 'typebox';
import Value from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusDir } from '../../../test/support/corpus';
import { shareAndOpen, startHarness, STUDIES, type Client, type Harness } from '../../../test/support/sharing/harness';
import { CreatedShare, ShareDetail, ShareList, ShareSummary } from '../../api/shares';

/**
 * The share API's one contract (src/api/shares.ts) holds on the server's side: requests it forbids
 * are refused with the gateway's error JSON, and every answer is what the app will check it against.
 */
let h: Harness;
let sender: Client;
const F = STUDIES.french;

beforeAll(async () => {
  h = await startHarness({ corpusDir });
  sender = await h.signedIn('radiologist');
});
afterAll(async () => h.close());

/** The contract's complaints about `body`, as `path message` lines; none when it fits. */
const misfits = (schema: TSchema, body: unknown) =>
  Value.Errors(schema, body).map((error) => `${error.instancePath} ${error.message}`);

describe('the share API contract', () => {
  it.each([
    [{ studyInstanceUIDs: [F.study], expiresInSeconds: 59 }, 'body/expiresInSeconds must be >= 60'],
    [
      { studyInstanceUIDs: [F.study], expiresInSeconds: 3600, passcode: '12345' },
      'body/passcode must NOT have fewer than 6 characters',
    ],
    [
      { studyInstanceUIDs: ['1.2.x'], expiresInSeconds: 3600 },
      'body/studyInstanceUIDs/0 must match pattern "^[0-9]+(\\.[0-9]+)*$"',
    ],
    [
      { studyInstanceUIDs: [F.study, F.study], expiresInSeconds: 3600 },
      'body/studyInstanceUIDs must NOT have duplicate items (items ## 1 and 0 are identical)',
    ],
    [{ expiresInSeconds: 3600 }, "body must have required property 'studyInstanceUIDs'"],
  ])('refuses a request it forbids with a 400 that names the field: %j', async (body, message) => {
    const response = await sender.post('/api/shares', body);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: 'FST_ERR_VALIDATION', message });
  });

  it('refuses an extension shorter than a minute and an id that is not one', async () => {
    const { id } = await shareAndOpen(h, sender, { studyInstanceUIDs: [F.study] });
    const short = await sender.request('PATCH', `/api/shares/${id}`, { payload: { expiresInSeconds: 30 } });
    expect([short.statusCode, short.json()]).toEqual([
      400,
      { error: 'FST_ERR_VALIDATION', message: 'body/expiresInSeconds must be >= 60' },
    ]);
    const notAnId = await sender.get('/api/shares/not-a-share-id');
    expect([notAnId.statusCode, notAnId.json<{ error: string }>().error]).toEqual([400, 'FST_ERR_VALIDATION']);
  });

  it('every answer fits it: create, list, detail with history and access, extend, unlock', async () => {
    const created = await sender.post('/api/shares', {
      studyInstanceUIDs: [F.study],
      seriesInstanceUIDs: [F.series],
      expiresInSeconds: 3600,
      passcode: 'open-sesame',
      maxOpens: 5,
      label: 'Liver',
      message: 'Second opinion, please.',
    });
    expect(created.statusCode).toBe(201);
    expect(misfits(CreatedShare, created.json())).toEqual([]);
    const { id, url } = created.json<CreatedShare>();
    const token = url.split('/s/')[1]!;
    const recipient = h.client();
    expect((await recipient.post(`/s/${token}`, { passcode: 'wrong' })).statusCode).toBe(401);
    expect((await recipient.post(`/s/${token}`, { passcode: 'open-sesame' })).statusCode).toBe(303);
    await recipient.get(`/dicomweb/studies/${F.study}/series/${F.series}/metadata`);
    expect((await recipient.get(`/dicomweb/studies/${STUDIES.greek.study}/metadata`)).statusCode).toBe(403);

    const list = (await sender.get('/api/shares')).json();
    expect(misfits(ShareList, list)).toEqual([]);
    const detail = (await sender.get(`/api/shares/${id}`)).json<ShareDetail>();
    expect(misfits(ShareDetail, detail)).toEqual([]);
    // Nulls, times, events with and without detail: what the app's decoding meets in practice.
    expect(detail.share).toMatchObject({ label: 'Liver', maxOpens: 5, revokedAt: null, passcodeProtected: true });
    expect(detail.history.map((event) => event.event)).toEqual(
      expect.arrayContaining(['share.created', 'share.passcodeFailed', 'share.opened', 'study.accessed']),
    );
    expect(detail.access).toEqual([expect.objectContaining({ seriesInstanceUID: F.series, requests: 1 })]);

    const extended = await sender.request('PATCH', `/api/shares/${id}`, { payload: { expiresInSeconds: 7200 } });
    expect(misfits(ShareSummary, extended.json())).toEqual([]);
    const unlocked = await sender.post(`/api/shares/${id}/unlock`, {});
    expect(misfits(ShareSummary, unlocked.json())).toEqual([]);
    expect((await sender.request('DELETE', `/api/shares/${id}`)).statusCode).toBe(204);
    const revoked = (await sender.get(`/api/shares/${id}`)).json<ShareDetail>();
    expect(misfits(ShareDetail, revoked)).toEqual([]);
    expect(revoked.share.status).toBe('revoked');
  });
});
