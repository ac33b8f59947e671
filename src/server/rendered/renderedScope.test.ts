import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusDir } from '../../../test/support/corpus';
import {
  ORIGIN,
  shareAndOpen,
  startHarness,
  STUDIES,
  type Client,
  type Harness,
} from '../../../test/support/sharing/harness';
import { parseMediaType, parseMultipart } from '../../dicomweb/multipart';

/**
 * Rendered and thumbnail resources behind the real guard: a share of one series of a CT + SEG
 * study (plus a second CT series, a copy of one slice under new UIDs) shows that series' pictures
 * (the same bytes staff get), a study-level answer of that series only, and nothing of the other
 * series or another study.
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
let otherCtSeries: string;
let ctInstances: string[];

/**
 * One more series of the same study: a slice with its series and instance UIDs changed in place
 * (same lengths), and Series Number 0, so that it comes before the shared series (number 2).
 */
function copiedIntoNewSeries(bytes: Buffer, series: string, instance: string) {
  const changed = (uid: string) => `${uid.slice(0, -1)}${uid.endsWith('9') ? '8' : '9'}`;
  // (0020,0011) in implicit VR little endian: tag, 4-byte length 2, the padded value.
  const seriesNumber = (value: string) => `\x20\x00\x11\x00\x02\x00\x00\x00${value} `;
  let text = bytes.toString('latin1');
  if (!text.includes(seriesNumber('2'))) throw new Error('The slice does not have Series Number 2');
  text = text.replaceAll(series, changed(series)).replaceAll(instance, changed(instance));
  text = text.replace(seriesNumber('2'), seriesNumber('0'));
  return { bytes: new Uint8Array(Buffer.from(text, 'latin1')), series: changed(series) };
}

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
  ctInstances = outcomes.slice(0, 3).map((outcome) => outcome.sopInstanceUID);
  expect(segSeries).not.toBe(ctSeries);
  const copy = copiedIntoNewSeries(readFileSync(path.join(corpusDir, FOLDER, FILES[0]!)), ctSeries, ctInstances[0]!);
  const copied = await h.archive.ingest(copy.bytes);
  if (!copied.ok || copied.seriesInstanceUID !== copy.series) throw new Error('The copied series was not stored');
  otherCtSeries = copy.series;
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
    ['the other CT series, rendered', () => `/dicomweb/studies/${study}/series/${otherCtSeries}/rendered`],
    ['another study', () => `/dicomweb/studies/${STUDIES.french.study}/rendered`],
  ])('refuses %s', async (_name, url) => {
    const response = await recipient.get(url(), png);
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({ error: 'OUT_OF_SCOPE', message: expect.any(String) });
    expect(response.headers['content-type']).not.toMatch(/^image\//);
  });

  it("gets a study-level answer of the shared series' images only, each as staff see it", async () => {
    const staffImages = await Promise.all(
      ctInstances.map(async (uid) => {
        const url = `/dicomweb/studies/${study}/series/${ctSeries}/instances/${uid}/rendered`;
        return { url, body: (await admin.get(url, png)).rawPayload };
      }),
    );
    const shared = parts(await recipient.get(`/dicomweb/studies/${study}/rendered`, png));
    expect(shared.map((part) => part.location)).toEqual(staffImages.map(({ url }) => `${ORIGIN}${url}`));
    shared.forEach((part, i) => expect(part.body.equals(staffImages[i]!.body)).toBe(true));
    // Staff get the other CT series too; the SEG holds no picture of the patient.
    const staff = parts(await admin.get(`/dicomweb/studies/${study}/rendered`, png));
    expect(staff).toHaveLength(4);
    expect(staff.filter((part) => part.location.includes(`/series/${otherCtSeries}/`))).toHaveLength(1);
    expect(staff.some((part) => part.location.includes(`/series/${segSeries}/`))).toBe(false);
  });

  it("gets the shared series' picture as the study thumbnail", async () => {
    const shared = await recipient.get(`/dicomweb/studies/${study}/thumbnail`, png);
    expect(shared.statusCode).toBe(200);
    const series = await admin.get(`/dicomweb/studies/${study}/series/${ctSeries}/thumbnail`, png);
    expect(shared.rawPayload.equals(series.rawPayload)).toBe(true);
    // Staff see the copied series' slice: it comes first by Series Number.
    const staff = await admin.get(`/dicomweb/studies/${study}/thumbnail`, png);
    expect(staff.rawPayload.equals(shared.rawPayload)).toBe(false);
  });
});

function parts(response: Awaited<ReturnType<Client['get']>>) {
  expect(response.statusCode).toBe(200);
  const media = parseMediaType(response.headers['content-type'] as string);
  expect(media).toMatchObject({ type: 'multipart/related', params: { type: 'image/png' } });
  return parseMultipart(response.rawPayload, media!.params.boundary!).map((part) => ({
    location: part.headers['content-location']!,
    body: Buffer.from(part.body),
  }));
}
