import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusDir } from '../../../test/support/corpus';
import { shareAndOpen, startHarness, STUDIES, type Client, type Harness } from '../../../test/support/sharing/harness';

/**
 * Rendered and thumbnail resources behind the real guard: a share of one series of a CT + SEG
 * study shows that series' picture (the same bytes staff get) and nothing of the other series,
 * the study as a whole, or another study.
 */
const FOLDER = 'series/ct-liver-3slice-with-seg';
const FILES = ['ct-01.dcm', 'ct-02.dcm', 'ct-03.dcm', 'seg-liver.dcm'];

let h: Harness;
let admin: Client;
let recipient: Client;
let study: string;
let ctSeries: string;
let segSeries: string;
let middleCt: string;
let segInstance: string;

beforeAll(async () => {
  h = await startHarness({ corpusDir });
  const outcomes = [];
  for (const file of FILES) {
    const outcome = await h.archive.ingest(new Uint8Array(readFileSync(path.join(corpusDir, FOLDER, file))));
    if (!outcome.ok) throw new Error(`${file} was not stored: ${outcome.reason}`);
    outcomes.push(outcome);
  }
  study = outcomes[0]!.studyInstanceUID;
  ctSeries = outcomes[0]!.seriesInstanceUID;
  middleCt = outcomes[1]!.sopInstanceUID;
  segSeries = outcomes[3]!.seriesInstanceUID;
  segInstance = outcomes[3]!.sopInstanceUID;
  expect(segSeries).not.toBe(ctSeries);
  admin = await h.signedIn('admin');
  ({ recipient } = await shareAndOpen(h, admin, { studyInstanceUIDs: [study], seriesInstanceUIDs: [ctSeries] }));
});
afterAll(async () => h.close());

const png = { accept: 'image/png' };

describe('a share of one series', () => {
  it("shows that series' thumbnail: the middle CT slice, as staff see it", async () => {
    const shared = await recipient.get(`/dicomweb/studies/${study}/series/${ctSeries}/thumbnail`, png);
    expect(shared.statusCode).toBe(200);
    expect(shared.headers['content-type']).toBe('image/png');
    const staff = await admin.get(`/dicomweb/studies/${study}/series/${ctSeries}/instances/${middleCt}/thumbnail`, png);
    expect(shared.rawPayload.equals(staff.rawPayload)).toBe(true);
  });

  it.each([
    ['the other series’ thumbnail', () => `/dicomweb/studies/${study}/series/${segSeries}/thumbnail`],
    [
      'an instance of the other series, rendered',
      () => `/dicomweb/studies/${study}/series/${segSeries}/instances/${segInstance}/frames/1/rendered`,
    ],
    ['the study’s thumbnail (it could show a series left out)', () => `/dicomweb/studies/${study}/thumbnail`],
    ['another study', () => `/dicomweb/studies/${STUDIES.french.study}/rendered`],
  ])('refuses %s', async (_name, url) => {
    const response = await recipient.get(url(), png);
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({ error: 'OUT_OF_SCOPE', message: expect.any(String) });
    expect(response.headers['content-type']).not.toMatch(/^image\//);
  });

  it('staff get the study thumbnail, the same picture as the CT series (the SEG holds no picture of the patient)', async () => {
    const staffStudy = await admin.get(`/dicomweb/studies/${study}/thumbnail`, png);
    const staffSeries = await admin.get(`/dicomweb/studies/${study}/series/${ctSeries}/thumbnail`, png);
    expect(staffStudy.statusCode).toBe(200);
    expect(staffStudy.rawPayload.equals(staffSeries.rawPayload)).toBe(true);
  });
});
