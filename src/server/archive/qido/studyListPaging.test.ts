import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DicomJsonDataset } from '../../../dicom/json';
import type { ArchiveIndex, IndexRecord } from '../index/archiveIndex';
import { archiveFixture, type ArchiveFixture } from '../../../../test/support/archive/archiveFixture';

/**
 * Keyset paging behind offset: pages a client walks (forward and back) are the pages OFFSET gave
 * on an unchanged archive, and studies stored while the client pages neither repeat a study nor
 * hide one on the pages that follow.
 */
const ROOT = '1.2.826.0.1.3680043.10.99.16';
let fixture: ArchiveFixture;

function record(n: number, date: string, time: string | undefined, name: string): IndexRecord {
  const study = `${ROOT}.${n}`;
  return {
    studyInstanceUID: study,
    seriesInstanceUID: `${study}.1`,
    sopInstanceUID: `${study}.1.1`,
    sopClassUID: '1.2.840.10008.5.1.4.1.1.7',
    transferSyntaxUID: '1.2.840.10008.1.2.1',
    relativePath: `paging/${n}.dcm`,
    size: 0,
    sha256: '',
    dataset: {
      '0020000D': { vr: 'UI', Value: [study] },
      '00080020': { vr: 'DA', Value: [date] },
      ...(time === undefined ? {} : { '00080030': { vr: 'TM', Value: [time] } }),
      '00100010': { vr: 'PN', Value: [{ Alphabetic: name }] },
      '00080060': { vr: 'CS', Value: ['CT'] },
    },
  };
}

const put = (r: IndexRecord) => (fixture.archive.index as ArchiveIndex).put(r);

beforeAll(async () => {
  fixture = await archiveFixture();
  // 45 studies over 15 days, three a day: one without a time, so ties and blanks are in the order too.
  for (let n = 1; n <= 45; n++)
    put(
      record(
        n,
        `202401${String(10 + (n % 15)).padStart(2, '0')}`,
        n % 3 === 0 ? undefined : `1${n % 10}0000`,
        n % 2 ? `DOE^${n}` : `ROE^${n}`,
      ),
    );
});
afterAll(() => fixture.dispose());

async function page(query: string): Promise<string[]> {
  const response = await fixture.app.inject({
    method: 'GET',
    url: `/dicomweb/studies?${query}`,
    headers: { host: 'localhost:80' },
  });
  expect(response.statusCode, query).toBe(200);
  return response.json<DicomJsonDataset[]>().map((d) => d['0020000D']?.Value?.[0] as string);
}

describe('study list paging', () => {
  it('gives, page by page, forward and back, the list OFFSET gave', async () => {
    for (const keys of ['', '&PatientName=DOE*', '&StudyDate=20240112-20240120']) {
      const all = await page(`limit=1000${keys}`);
      expect(all.length).toBeGreaterThan(10);
      const pages: string[][] = [];
      for (let offset = 0; offset < all.length; offset += 7) pages.push(await page(`limit=7&offset=${offset}${keys}`));
      expect(pages.flat(), keys).toEqual(all);
      // Back to the second page, and a jump no page ended at.
      expect(await page(`limit=7&offset=7${keys}`), keys).toEqual(all.slice(7, 14));
      expect(await page(`limit=5&offset=10${keys}`), keys).toEqual(all.slice(10, 15));
      expect(await page(`limit=5&offset=${all.length}${keys}`), keys).toEqual([]);
    }
  });

  it('neither repeats nor skips a study when studies are stored between pages', async () => {
    const before = await page('limit=1000&PatientName=ROE*');
    const first = await page('limit=6&PatientName=ROE*');
    // Newer studies go to the top of the list, one lands in the middle of what is still to come.
    put(record(101, '20250101', '120000', 'ROE^NEW1'));
    put(record(102, '20250102', '120000', 'ROE^NEW2'));
    put(record(103, '20240115', '235959', 'ROE^MIDDLE'));
    const rest: string[] = [];
    for (let offset = 6; ; offset += 6) {
      const next = await page(`limit=6&offset=${offset}&PatientName=ROE*`);
      rest.push(...next);
      if (next.length < 6) break;
    }
    const seen = [...first, ...rest];
    expect(new Set(seen).size, 'no study twice').toBe(seen.length);
    expect(
      seen.filter((uid) => before.includes(uid)),
      'every earlier study, in order',
    ).toEqual(before);
    expect(seen).toContain(`${ROOT}.103`);
    expect(seen).not.toContain(`${ROOT}.101`);
  });
});
