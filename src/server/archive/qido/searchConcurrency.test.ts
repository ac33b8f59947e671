import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryFiles, manifest } from '../../../../test/support/corpus';
import type { DicomJsonDataset } from '../../../dicom/json';
import type { ArchiveIndex } from '../index/archiveIndex';
import { archiveFixture, type ArchiveFixture } from '../../../../test/support/archive/archiveFixture';

/**
 * Searches run in worker threads: a search that takes seconds does not hold the frames someone is
 * reading. The slow search is a wildcard key on a long, non-indexed value: the matcher is linear
 * in value × pattern, so each of 30 studies costs millions of steps, in JavaScript.
 */
const ROOT = '1.2.826.0.1.3680043.10.99.161';
const SLOW_KEY = `*${'a'.repeat(120)}b`;
let fixture: ArchiveFixture;
let frameUrl: string;

beforeAll(async () => {
  fixture = await archiveFixture({ archive: { searchDeadlineMs: 60_000 } });
  const ct = manifest.entries.find((entry) => entry.path === 'series/ct-philips-head-phantom-1mm/')!;
  const outcome = await fixture.archive.ingest(new Uint8Array(readFileSync(entryFiles(ct)[0]!)));
  if (!outcome.ok) throw new Error(outcome.reason);
  frameUrl = `/dicomweb/studies/${outcome.studyInstanceUID}/series/${outcome.seriesInstanceUID}/instances/${outcome.sopInstanceUID}/frames/1`;
  const index = fixture.archive.index as ArchiveIndex;
  for (let n = 1; n <= 30; n++) {
    const study = `${ROOT}.${n}`;
    index.put({
      studyInstanceUID: study,
      seriesInstanceUID: `${study}.1`,
      sopInstanceUID: `${study}.1.1`,
      sopClassUID: '1.2.840.10008.5.1.4.1.1.7',
      transferSyntaxUID: '1.2.840.10008.1.2.1',
      relativePath: `slow/${n}.dcm`,
      size: 0,
      sha256: '',
      dataset: { '0020000D': { vr: 'UI', Value: [study] }, '00081080': { vr: 'LO', Value: ['a'.repeat(50_000)] } },
    });
  }
});
afterAll(() => fixture.dispose());

const get = (url: string) => fixture.app.inject({ method: 'GET', url, headers: { host: 'localhost:80' } });

describe('searches off the event loop', () => {
  it('a slow search does not delay a concurrent frame request', async () => {
    const finished: string[] = [];
    const search = get(`/dicomweb/studies?AdmittingDiagnosesDescription=${SLOW_KEY}`).then((response) => {
      finished.push('search');
      return response;
    });
    const frame = await get(frameUrl);
    finished.push('frame');
    expect(frame.statusCode).toBe(200);
    expect(frame.rawPayload.length).toBeGreaterThan(512 * 512 * 2);
    const found = await search;
    expect(found.statusCode).toBe(200);
    expect(found.json()).toEqual([]);
    expect(finished).toEqual(['frame', 'search']);
  });

  it('answers other searches meanwhile from the other worker', async () => {
    const slow = get(`/dicomweb/studies?AdmittingDiagnosesDescription=${SLOW_KEY}`);
    const quick = await get(`/dicomweb/studies?StudyInstanceUID=${ROOT}.7`);
    expect(quick.json<DicomJsonDataset[]>().map((d) => d['0020000D']?.Value?.[0])).toEqual([`${ROOT}.7`]);
    expect((await slow).statusCode).toBe(200);
  });
});
