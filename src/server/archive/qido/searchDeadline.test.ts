import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DicomJsonDataset } from '../../../dicom/json';
import { archiveFixture, type ArchiveFixture } from '../../../../test/support/archive/archiveFixture';
import { textInstance } from '../../../../test/support/archive/textInstance';

/**
 * A search whose matching runs past its deadline answers 503 instead of holding the event loop.
 * A zero deadline stands in for a slow query: every SQL matching function is already late.
 */
const STUDY = '1.2.826.0.1.3680043.10.99.9.2';
let late: ArchiveFixture;

beforeAll(async () => {
  late = await archiveFixture({ archive: { searchDeadlineMs: 0 } });
  const outcome = await late.archive.ingest(
    new Uint8Array(
      textInstance(
        { study: STUDY, series: `${STUDY}.1`, instance: `${STUDY}.1.1` },
        {
          '00100010': { vr: 'PN', Value: [{ Alphabetic: 'DOE^JANE' }] },
          '00100020': { vr: 'LO', Value: ['PID-7'] },
          '00080080': { vr: 'LO', Value: ['GENERAL'] },
        },
      ),
    ),
  );
  if (!outcome.ok) throw new Error(outcome.reason);
});
afterAll(() => late.dispose());

const get = (url: string) => late.app.inject({ method: 'GET', url, headers: { host: 'localhost:80' } });
const studyUids = (body: unknown) => (body as DicomJsonDataset[]).map((d) => d['0020000D']?.Value?.[0]);

describe('search deadline', () => {
  it.each([
    '/dicomweb/studies?InstitutionName=GEN*',
    '/dicomweb/studies?00080080=GEN*',
    '/dicomweb/instances?InstitutionName=*ERAL',
    '/dicomweb/series?InstitutionName=G?NERAL',
  ])('%s past its deadline answers 503 with what to do', async (url) => {
    const response = await get(url);
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({
      error: 'SEARCH_TOO_SLOW',
      message: 'The search took too long; narrow it (for example fewer wildcards, or a date range or patient ID)',
    });
  });

  it('does not touch searches SQL answers alone, and the gateway keeps answering', async () => {
    // The study-list keys are answered from study_terms, so no matching function runs and no deadline applies.
    for (const key of ['PatientID=PID-*', 'PatientName=DOE*', 'PatientName=*oe^ja*', 'PatientID=PID-7']) {
      const found = await get(`/dicomweb/studies?${key}`);
      expect(found.statusCode, key).toBe(200);
      expect(studyUids(found.json()), key).toEqual([STUDY]);
    }
    expect(studyUids((await get('/dicomweb/studies')).json())).toEqual([STUDY]);
    const health = await get('/healthz');
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({ status: 'ok' });
  });
});
