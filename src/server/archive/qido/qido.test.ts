import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manifest, storeLoadableEntries, storeLoadableFiles } from '../../../../test/support/corpus';
import type { DicomJsonDataset } from '../../../dicom/json';
import { archiveFixture, load, type ArchiveFixture } from '../../../../test/support/archive/archiveFixture';
import { compileKey, matchPath } from './matching';

let fixture: ArchiveFixture;
const BASE = 'http://localhost:80/dicomweb';

beforeAll(async () => {
  fixture = await archiveFixture({ archive: { maxResults: { study: 1000, series: 1000, instance: 200 } } });
  await load(fixture.archive, storeLoadableFiles());
});
afterAll(() => fixture.dispose());

async function qido(url: string) {
  const response = await fixture.app.inject({
    method: 'GET',
    url: `/dicomweb${url}`,
    headers: { host: 'localhost:80' },
  });
  const body = response.statusCode === 200 ? response.json<DicomJsonDataset[]>() : [];
  return {
    status: response.statusCode,
    body,
    warning: response.headers.warning,
    json: () => response.json<{ error: string; message: string }>(),
  };
}

const str = (d: DicomJsonDataset | undefined, tag: string) => {
  const value = d?.[tag]?.Value?.[0];
  return typeof value === 'object' && value !== null ? (value as { Alphabetic?: string }).Alphabetic : value;
};
const uids = (datasets: DicomJsonDataset[], tag = '0020000D') => datasets.map((d) => str(d, tag) as string);

const ctSeries = manifest.entries.find((e) => e.path === 'series/ct-philips-head-phantom-1mm/');
const liver = manifest.entries.find((e) => e.path === 'series/ct-liver-3slice-with-seg/');

describe('QIDO-RS studies', () => {
  it('lists every study once, newest StudyDate first, undated last', async () => {
    const { status, body } = await qido('/studies');
    expect(status).toBe(200);
    const expected = new Set(
      storeLoadableEntries()
        .filter((e) => e.studyInstanceUID)
        .map((e) => e.studyInstanceUID),
    );
    expect(new Set(uids(body))).toEqual(expected);
    expect(body).toHaveLength(expected.size);
    // ACR-NEMA files write 1997.04.24; the order is by the date, whatever its spelling.
    const dates = body.map((d) => (str(d, '00080020') as string | undefined)?.replace(/\./g, ''));
    const dated = dates.filter((d) => d !== undefined);
    expect(dated).toEqual([...dated].sort().reverse());
    expect(dates.slice(dated.length).every((d) => d === undefined)).toBe(true);
  });

  it('returns the required study attributes (PS3.18 Table 10.6.3-3) with an absolute RetrieveURL', async () => {
    const { body } = await qido(`/studies?StudyInstanceUID=${ctSeries?.studyInstanceUID}`);
    expect(body).toHaveLength(1);
    const study = body[0]!;
    for (const tag of [
      '00080020',
      '00080030',
      '00080050',
      '00080056',
      '00080061',
      '00080090',
      '00081190',
      '00100010',
      '00100020',
      '00100030',
      '00100040',
      '0020000D',
      '00200010',
      '00201206',
      '00201208',
    ]) {
      expect(study[tag], tag).toBeDefined();
    }
    expect(study['00081190']).toEqual({ vr: 'UR', Value: [`${BASE}/studies/${ctSeries?.studyInstanceUID}`] });
    expect(study['00080061']).toEqual({ vr: 'CS', Value: ['CT'] });
    expect(study['00201206']).toEqual({ vr: 'IS', Value: [1] });
    expect(study['00201208']).toEqual({ vr: 'IS', Value: [140] });
    expect(study['00080056']).toEqual({ vr: 'CS', Value: ['ONLINE'] });
    expect(study['7FE00010']).toBeUndefined();
  });

  it('matches PatientName case-insensitively, with wildcards, in any component group and character set', async () => {
    expect(uids((await qido('/studies?PatientName=doe^archibald')).body)).toHaveLength(1);
    expect(uids((await qido('/studies?PatientName=DOE*')).body)).toHaveLength(1);
    expect((await qido('/studies?PatientName=doe')).body).toHaveLength(0);
    const yamada = (await qido(`/studies?PatientName=${encodeURIComponent('山田^太郎')}`)).body;
    expect(yamada.length).toBeGreaterThanOrEqual(1);
    expect(yamada.every((d) => JSON.stringify(d['00100010']).includes('山田'))).toBe(true);
    expect((await qido(`/studies?PatientName=${encodeURIComponent('buc^jérôme')}`)).body.length).toBeGreaterThanOrEqual(
      1,
    );
    expect((await qido(`/studies?PatientName=${encodeURIComponent('Διον*')}`)).body).toHaveLength(1);
  });

  it('matches dates and date ranges, and refuses dates that are not DICOM dates', async () => {
    const all = (await qido('/studies')).body;
    const inRange = (low: string, high: string) =>
      all.filter((d) => {
        const date = (str(d, '00080020') as string | undefined)?.replace(/\./g, '');
        return date !== undefined && date >= low && date <= high;
      });
    expect(uids((await qido('/studies?StudyDate=20000101-20101231')).body).sort()).toEqual(
      uids(inRange('20000101', '20101231')).sort(),
    );
    expect(uids((await qido('/studies?StudyDate=20150101-')).body).sort()).toEqual(
      uids(inRange('20150101', '99999999')).sort(),
    );
    expect(uids((await qido('/studies?StudyDate=-19991231')).body).sort()).toEqual(
      uids(inRange('00000000', '19991231')).sort(),
    );
    expect(uids((await qido('/studies?StudyDate=20150206')).body)).toContain(ctSeries?.studyInstanceUID);
    const bad = await qido('/studies?StudyDate=2015-02-06');
    expect(bad.status).toBe(400);
    expect(bad.json().message).toMatch(/StudyDate.*not a DICOM date/);
  });

  it('matches ModalitiesInStudy against any modality of the study, and Modality relationally', async () => {
    const both = (await qido('/studies?ModalitiesInStudy=SEG')).body;
    expect(uids(both)).toContain(liver?.studyInstanceUID);
    expect(both.every((d) => (d['00080061']?.Value ?? []).includes('SEG'))).toBe(true);
    const relational = (await qido('/studies?Modality=SEG')).body;
    expect(uids(relational).sort()).toEqual(uids(both).sort());
    const ctOrMr = (await qido('/studies?ModalitiesInStudy=CT%5CMR')).body;
    expect(ctOrMr.every((d) => (d['00080061']?.Value ?? []).some((m) => m === 'CT' || m === 'MR'))).toBe(true);
  });

  it('matches UID lists separated by commas or backslashes', async () => {
    const list = [ctSeries?.studyInstanceUID, liver?.studyInstanceUID];
    expect(uids((await qido(`/studies?StudyInstanceUID=${list.join(',')}`)).body).sort()).toEqual([...list].sort());
    expect(uids((await qido(`/studies?StudyInstanceUID=${list.join('%5C')}`)).body).sort()).toEqual([...list].sort());
  });

  it('matches SOPClassesInStudy against the instances', async () => {
    const seg = '1.2.840.10008.5.1.4.1.1.66.4';
    const studies = (await qido(`/studies?SOPClassesInStudy=${seg}`)).body;
    expect(uids(studies)).toContain(liver?.studyInstanceUID);
    expect(uids(studies).sort()).toEqual(uids((await qido('/studies?SOPClassUID=' + seg)).body).sort());
  });

  it('agrees with the pure matcher on every study for indexed and JSON keys', async () => {
    const everything = (await qido('/studies?includefield=all')).body;
    const queries: [string, string, string][] = [
      ['PatientID', '00100020', 'P*'],
      ['PatientID', '00100020', '?2'],
      ['AccessionNumber', '00080050', '*1*'],
      ['PatientSex', '00100040', 'F'],
      ['StudyID', '00200010', '1%5C2'],
      ['PatientName', '00100010', '*a*'],
      ['StudyDescription', '00081030', '*CT*'],
      ['ReferringPhysicianName', '00080090', '*^*'],
      ['PatientBirthDate', '00100030', '19000101-19700101'],
      ['PatientAge', '00101010', '0*'],
      ['StudyTime', '00080030', '08-12'],
    ];
    for (const [keyword, tag, value] of queries) {
      const matcher = compileKey(tag, decodeURIComponent(value));
      const expected = uids(everything.filter((d) => matchPath(d, [tag], matcher))).sort();
      const actual = uids((await qido(`/studies?${keyword}=${value}`)).body).sort();
      expect(actual, `${keyword}=${value}`).toEqual(expected);
    }
  });

  it('pages with limit and offset, every study exactly once', async () => {
    const all = uids((await qido('/studies')).body);
    const paged: string[] = [];
    for (let offset = 0; offset < all.length; offset += 7)
      paged.push(...uids((await qido(`/studies?limit=7&offset=${offset}`)).body));
    expect(paged).toEqual(all);
    expect((await qido(`/studies?offset=${all.length}`)).body).toEqual([]);
  });

  it('warns when fuzzy matching is asked for, and matches literally', async () => {
    const { warning, body } = await qido('/studies?PatientName=doe*&fuzzymatching=true');
    expect(warning).toMatch(/fuzzymatching parameter is not supported/);
    expect(body).toHaveLength(1);
  });

  it('returns includefield attributes, from an instance when they belong to a lower level', async () => {
    const { body } = await qido(
      `/studies?StudyInstanceUID=${ctSeries?.studyInstanceUID}&includefield=00080070,SeriesDescription&includefield=PatientWeight`,
    );
    expect(str(body[0], '00080070')).toMatch(/Philips/i);
    expect(body[0]?.['0008103E']).toBeDefined();
    expect(body[0]?.['00101030']).toBeDefined();
  });

  it('sends study-level attributes for includefield=all, without bulk data', async () => {
    const { body } = await qido('/studies?includefield=all&limit=5');
    for (const study of body) {
      expect(Object.keys(study).every((tag) => !tag.startsWith('7FE0'))).toBe(true);
      expect(JSON.stringify(study)).not.toMatch(/BulkDataURI|InlineBinary/);
    }
  });

  it('sends requested keys the study lacks as empty attributes', async () => {
    const { body } = await qido(`/studies?StudyInstanceUID=${ctSeries?.studyInstanceUID}&IssuerOfPatientID=`);
    expect(body[0]?.['00100021']).toEqual({ vr: 'LO' });
  });
});

describe('QIDO-RS series', () => {
  it('lists the series of a study by SeriesNumber with counts and RetrieveURL', async () => {
    const { body } = await qido(`/studies/${liver?.studyInstanceUID}/series`);
    expect(body.length).toBeGreaterThan(1);
    const numbers = body.map((d) => d['00200011']?.Value?.[0] as number);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    const total = body.reduce((n, d) => n + (d['00201209']?.Value?.[0] as number), 0);
    const study = (await qido(`/studies?StudyInstanceUID=${liver?.studyInstanceUID}`)).body[0];
    expect(total).toBe(study?.['00201208']?.Value?.[0]);
    expect(body).toHaveLength(study?.['00201206']?.Value?.[0] as number);
    for (const series of body) {
      expect(series['00081190']?.Value?.[0]).toBe(
        `${BASE}/studies/${liver?.studyInstanceUID}/series/${str(series, '0020000E')}`,
      );
      for (const tag of [
        '00080060',
        '0008103E',
        '0020000E',
        '00200011',
        '00201209',
        '00400244',
        '00400245',
        '00400275',
        '0020000D',
        '00100010',
      ]) {
        expect(series[tag], tag).toBeDefined();
      }
    }
  });

  it('filters flat /series by Modality and by study-level keys', async () => {
    const segs = (await qido('/series?Modality=SEG')).body;
    expect(segs.length).toBeGreaterThan(0);
    expect(segs.every((d) => str(d, '00080060') === 'SEG')).toBe(true);
    const ofStudy = (await qido(`/series?StudyInstanceUID=${ctSeries?.studyInstanceUID}`)).body;
    expect(uids(ofStudy, '0020000E')).toEqual([ctSeries?.seriesInstanceUID]);
    const ofPatient = (await qido('/series?PatientID=PLASTIC')).body;
    expect(uids(ofPatient, '0020000E')).toContain(ctSeries?.seriesInstanceUID);
    expect(ofPatient.every((d) => str(d, '00100020') === 'PLASTIC')).toBe(true);
  });

  it('matches series-level text keys with wildcards', async () => {
    const { body } = await qido(`/studies/${liver?.studyInstanceUID}/series?SeriesDescription=*Segmentation*`);
    expect(body.length).toBeGreaterThan(0);
    expect(body.every((d) => String(str(d, '0008103E')).includes('Segmentation'))).toBe(true);
  });
});

describe('QIDO-RS instances', () => {
  it('lists a series by InstanceNumber with the required attributes', async () => {
    const { body } = await qido(
      `/studies/${ctSeries?.studyInstanceUID}/series/${ctSeries?.seriesInstanceUID}/instances`,
    );
    expect(body).toHaveLength(140);
    const numbers = body.map((d) => d['00200013']?.Value?.[0] as number);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    const first = body[0]!;
    for (const tag of [
      '00080016',
      '00080018',
      '00080056',
      '00081190',
      '00200013',
      '00280010',
      '00280011',
      '00280100',
      '00280008',
      '0020000D',
      '0020000E',
    ]) {
      expect(first[tag], tag).toBeDefined();
    }
    expect(first['00280010']).toEqual({ vr: 'US', Value: [512] });
    expect(first['00081190']?.Value?.[0]).toBe(
      `${BASE}/studies/${ctSeries?.studyInstanceUID}/series/${ctSeries?.seriesInstanceUID}/instances/${str(first, '00080018')}`,
    );
  });

  it('serves study-level and flat instance searches', async () => {
    const study = (await qido(`/studies?StudyInstanceUID=${liver?.studyInstanceUID}`)).body[0];
    const instances = (await qido(`/studies/${liver?.studyInstanceUID}/instances`)).body;
    expect(instances).toHaveLength(study?.['00201208']?.Value?.[0] as number);
    expect(new Set(uids(instances, '00080018')).size).toBe(instances.length);
    const segs = (await qido('/instances?SOPClassUID=1.2.840.10008.5.1.4.1.1.66.4&limit=50')).body;
    expect(segs.length).toBeGreaterThan(0);
    expect(segs.every((d) => str(d, '00080016') === '1.2.840.10008.5.1.4.1.1.66.4')).toBe(true);
  });

  it('matches instance attributes that are only in the stored JSON', async () => {
    const { body } = await qido(
      `/studies/${ctSeries?.studyInstanceUID}/instances?InstanceNumber=7&includefield=SliceThickness`,
    );
    expect(body).toHaveLength(1);
    expect(body[0]?.['00180050']?.Value?.[0]).toBe(1);
  });

  it('matches into sequences along a path', async () => {
    const code = (await qido(`/studies/${liver?.studyInstanceUID}/instances?SegmentSequence.SegmentLabel=*iver*`)).body;
    expect(code.length).toBeGreaterThan(0);
    expect(code.every((d) => str(d, '00080016') === '1.2.840.10008.5.1.4.1.1.66.4')).toBe(true);
  });

  it('caps results at the server maximum and says so', async () => {
    const { body, warning } = await qido('/instances');
    expect(body).toHaveLength(200);
    expect(warning).toMatch(/exceeded the maximum supported by the server/);
    const page = await qido('/instances?limit=10');
    expect(page.body).toHaveLength(10);
    expect(page.warning).toBeUndefined();
  });

  it('refuses matching on return-only attributes with a warning, not an error', async () => {
    const { status, warning } = await qido('/studies?NumberOfStudyRelatedInstances=3');
    expect(status).toBe(200);
    expect(warning).toMatch(/NumberOfStudyRelatedInstances is a return attribute/);
  });
});
