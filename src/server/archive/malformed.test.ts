import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryFiles, manifest, type ManifestEntry } from '../../../test/support/corpus';
import type { DicomJsonDataset } from '../../dicom/json';
import { isUid } from '../../dicom/uid';
import { archiveFixture, STOW_TYPE, stowBody, type ArchiveFixture } from '../../../test/support/archive/archiveFixture';
import { checkConsistency } from '../../../test/support/archive/consistency';

/**
 * Every file of malformed/ sent by STOW-RS, one request each (the corpus README: load them one at
 * a time). MANIFEST expectedBehaviour: "reject" must be refused with a reason; "survive" must be
 * stored when the file has the three UIDs an archive needs (else refused, saying so); the
 * "-or-" behaviours may go either way, but always with a clear outcome. After each file the
 * archive's files and rows agree, and afterwards it still answers searches.
 */
const entries = manifest.entries.filter((e) => e.category === 'malformed');
let fixture: ArchiveFixture;
const stored = new Set<string>();

beforeAll(async () => {
  fixture = await archiveFixture();
});
afterAll(() => fixture.dispose());

function storable(entry: ManifestEntry): boolean {
  return [entry.studyInstanceUID, entry.seriesInstanceUID, entry.sopInstanceUID].every(
    (uid) => typeof uid === 'string' && isUid(uid),
  );
}

describe('malformed corpus over STOW-RS', () => {
  it('covers all 53 files', () => {
    expect(entries).toHaveLength(53);
  });

  it.each(entries.map((e) => [e.path.replace('malformed/', ''), e.expectedBehaviour ?? '', e] as const))(
    '%s (%s)',
    async (_name, behaviour, entry) => {
      const bytes = readFileSync(entryFiles(entry)[0]!);
      const response = await fixture.app.inject({
        method: 'POST',
        url: '/dicomweb/studies',
        headers: { 'content-type': STOW_TYPE },
        payload: stowBody([bytes]),
      });
      const body = response.json<DicomJsonDataset>();
      const ok = (body['00081199']?.Value ?? []) as DicomJsonDataset[];
      const failed = (body['00081198']?.Value ?? []) as DicomJsonDataset[];
      expect(ok.length + failed.length).toBe(1);

      if (failed.length === 1) {
        expect(response.statusCode).toBe(409);
        expect(failed[0]?.['00081197']?.Value?.[0]).toEqual(expect.any(Number));
        expect(String(failed[0]?.['00000902']?.Value?.[0])).toMatch(/^[A-Z].{15,}/);
      } else {
        expect([200, 202]).toContain(response.statusCode);
        stored.add(String(ok[0]?.['00081155']?.Value?.[0]));
      }

      if (behaviour === 'reject') expect(failed).toHaveLength(1);
      if (behaviour === 'survive')
        expect(ok.length === 1, storable(entry) ? 'should be stored' : 'should be refused: no valid UIDs').toBe(
          storable(entry),
        );

      const state = checkConsistency(fixture.dataDir);
      expect(state).toMatchObject({ rowsWithoutFile: [], filesWithoutRow: [], tempFiles: [], pending: 0 });
    },
  );

  it('still serves searches, and finds every stored instance', async () => {
    const response = await fixture.app.inject({ method: 'GET', url: '/dicomweb/instances?limit=1000' });
    expect(response.statusCode).toBe(200);
    const found = new Set(response.json<DicomJsonDataset[]>().map((d) => String(d['00080018']?.Value?.[0])));
    expect(found).toEqual(stored);
    expect(stored.size).toBeGreaterThan(20);
    expect((await fixture.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });
});
