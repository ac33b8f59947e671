import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DicomJsonDataset } from '../../../dicom/json';
import { archiveFixture, type ArchiveFixture } from '../../../../test/support/archive/archiveFixture';
import { textInstance } from '../../../../test/support/archive/textInstance';

/**
 * Issue 9: wildcard keys used to become backtracking regexes (`********a` → /^.*.*…a$/), so a
 * key with many `*` against a long-ish value blocked the event loop for seconds to minutes.
 * Measured with the old matcher on this machine: 8 stars against 40 characters took ~4 s per
 * compared string, 8 stars against 64 characters ~13 s, `*?` ×6 + `!` against 64 characters ~0.7 s.
 */
const STUDY = '1.2.826.0.1.3680043.10.99.9.1';
const SERIES = '1.2.826.0.1.3680043.10.99.9.1.1';
const INSTANCE = '1.2.826.0.1.3680043.10.99.9.1.1.1';
const LONG_NAME = 'B'.repeat(40);
const LONG_TEXT = 'x'.repeat(64);
/** Generous: the linear matcher answers in milliseconds; the old regexes took seconds. */
const FAST_MS = 1000;

let fixture: ArchiveFixture;

beforeAll(async () => {
  fixture = await archiveFixture();
  const outcome = await fixture.archive.ingest(
    new Uint8Array(
      textInstance(
        { study: STUDY, series: SERIES, instance: INSTANCE },
        {
          '00100010': { vr: 'PN', Value: [{ Alphabetic: LONG_NAME }] },
          '00100020': { vr: 'LO', Value: ['PID-LONG'] },
          '00081030': { vr: 'LO', Value: [LONG_TEXT] },
          '0008103E': { vr: 'LO', Value: [LONG_TEXT] },
          '00080060': { vr: 'CS', Value: ['SR'] },
          '00080080': { vr: 'LO', Value: [LONG_TEXT] },
        },
      ),
    ),
  );
  if (!outcome.ok) throw new Error(outcome.reason);
  // The first search starts the archive's search workers; the timings below are of searches.
  await fixture.app.inject({ method: 'GET', url: '/dicomweb/studies?limit=1', headers: { host: 'localhost:80' } });
});
afterAll(() => fixture.dispose());

async function timedQido(url: string) {
  const started = performance.now();
  const response = await fixture.app.inject({
    method: 'GET',
    url: `/dicomweb${url}`,
    headers: { host: 'localhost:80' },
  });
  return { elapsed: performance.now() - started, status: response.statusCode, json: () => response.json<unknown>() };
}

const studyUids = (body: unknown) => (body as DicomJsonDataset[]).map((d) => d['0020000D']?.Value?.[0]);

describe('wildcard keys that used to hang the gateway', () => {
  it('PatientName=********a answers an empty list fast', async () => {
    const { elapsed, status, json } = await timedQido('/studies?PatientName=********a');
    expect(status).toBe(200);
    expect(studyUids(json())).toEqual([]);
    expect(elapsed).toBeLessThan(FAST_MS);
  });

  it('PatientName with twelve stars answers fast and still finds the long name', async () => {
    const miss = await timedQido(`/studies?PatientName=${'*'.repeat(12)}a`);
    expect(miss.status).toBe(200);
    expect(studyUids(miss.json())).toEqual([]);
    expect(miss.elapsed).toBeLessThan(FAST_MS);
    const hit = await timedQido(`/studies?PatientName=${'*'.repeat(12)}b`);
    expect(studyUids(hit.json())).toEqual([STUDY]);
    expect(hit.elapsed).toBeLessThan(FAST_MS);
  });

  it('keys on indexed text columns (SQLite GLOB) answer fast too', async () => {
    for (const url of [
      `/studies?PatientID=${'*'.repeat(16)}Z`,
      `/studies?PatientID=${'*?'.repeat(8)}Z`,
      `/series?Modality=${'*'.repeat(16)}Z`,
    ]) {
      const { elapsed, status, json } = await timedQido(url);
      expect(status, url).toBe(200);
      expect(json(), url).toEqual([]);
      expect(elapsed, url).toBeLessThan(FAST_MS);
    }
    expect(studyUids((await timedQido(`/studies?PatientID=${'*'.repeat(16)}G`)).json())).toEqual([STUDY]);
  });

  it('StudyDescription=*?*?…! answers fast, also on series and a non-indexed attribute', async () => {
    const key = `${'*?'.repeat(7)}!`;
    for (const url of [
      `/studies?StudyDescription=${key}`,
      `/series?SeriesDescription=${key}`,
      `/instances?InstitutionName=${key}`,
      `/studies?00080080=${key}`,
    ]) {
      const { elapsed, status, json } = await timedQido(url);
      expect(status, url).toBe(200);
      expect(json(), url).toEqual([]);
      expect(elapsed, url).toBeLessThan(FAST_MS);
    }
  });
});
