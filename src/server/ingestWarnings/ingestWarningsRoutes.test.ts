import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Value from 'typebox/value';
import { IngestWarnings } from '../../api/ingestWarnings';
import { part10ToJson } from '../../dicom/part10Json';
import { corpusDir } from '../../../test/support/corpus';
import { ingestDefects } from '../../../test/support/generated/ingestDefects';
import { shareAndOpen, startHarness, type Harness } from '../../../test/support/sharing/harness';

/** GET /api/ingest-warnings: staff read what ingest corrected; nobody else reads anything. */
let h: Harness;
const coerced = ingestDefects().find((d) => d.name === 'stored/missing-optional-attributes')!.bytes;
const { dataset } = part10ToJson(coerced);
const study = String(dataset['0020000D']?.Value?.[0]);
const instance = String(dataset['00080018']?.Value?.[0]);

beforeAll(async () => {
  h = await startHarness({ corpusDir });
  const outcome = await h.archive.ingest(coerced);
  if (!outcome.ok) throw new Error(outcome.reason);
});
afterAll(() => h.close());

describe('GET /api/ingest-warnings', () => {
  it('gives staff the lines of each instance stored with corrections, and audits the read', async () => {
    const staff = await h.signedIn('radiologist');
    const response = await staff.get(`/api/ingest-warnings?StudyInstanceUID=${study}`);
    expect(response.statusCode).toBe(200);
    const body = response.json<IngestWarnings>();
    expect(Value.Check(IngestWarnings, body)).toBe(true);
    expect(body.instances).toEqual([
      {
        sopInstanceUID: instance,
        warnings: [
          expect.stringMatching(/^\(0008,0060\) Modality is missing/),
          expect.stringMatching(/^\(0020,0011\) Series Number is missing/),
          expect.stringMatching(/^\(0020,0013\) Instance Number is missing/),
        ],
      },
    ]);
    const audited = [];
    for await (const row of h.store.auditLog.rows()) audited.push(row);
    expect(audited.some((row) => row.type === 'study.accessed' && row.studies?.includes(study))).toBe(true);
  });

  it('lists nothing for a study stored as sent, and refuses a malformed UID', async () => {
    const staff = await h.signedIn('admin');
    const clean = await h.archive.ingest(ingestDefects().find((d) => d.name === 'refused/identity-change')!.prior!);
    if (!clean.ok) throw new Error(clean.reason);
    const response = await staff.get(`/api/ingest-warnings?StudyInstanceUID=${clean.studyInstanceUID}`);
    expect(response.json()).toEqual({ instances: [] });
    expect((await staff.get('/api/ingest-warnings?StudyInstanceUID=1.2.x')).statusCode).toBe(400);
  });

  it('refuses a share recipient of that very study, with no content, and anyone signed out', async () => {
    const staff = await h.signedIn('radiologist');
    const { recipient } = await shareAndOpen(h, staff, { studyInstanceUIDs: [study] });
    const response = await recipient.get(`/api/ingest-warnings?StudyInstanceUID=${study}`);
    expect(response.statusCode).toBe(403);
    expect(response.body).not.toMatch(/Modality|missing|1\.2\.|2\.25\./);
    expect((await h.client().get(`/api/ingest-warnings?StudyInstanceUID=${study}`)).statusCode).toBe(401);
  });
});
