import { firstString, type DicomJsonDataset } from '../../src/dicom/json';

/**
 * The QIDO-RS requests the conformance suites send to both servers, derived from what the corpus
 * holds so that every filter matches something. Paths are below the DICOMweb root.
 */

export interface StudyFacts {
  study: string;
  series: string[];
}

/** One named QIDO-RS request. */
interface SearchCase {
  name: string;
  path: string;
}

const DICOM_JSON = { accept: 'application/dicom+json' };

/** Study and series UIDs as Orthanc lists them: the corpus as the reference server sees it. */
export async function studyFacts(dicomwebRoot: string): Promise<StudyFacts[]> {
  const studies = await searchJson(`${dicomwebRoot}/studies`);
  return Promise.all(
    studies.map(async (dataset) => {
      const study = firstString(dataset, '0020000D')!;
      const series = await searchJson(`${dicomwebRoot}/studies/${study}/series`);
      return { study, series: series.map((s) => firstString(s, '0020000E')!).sort() };
    }),
  );
}

async function searchJson(url: string): Promise<DicomJsonDataset[]> {
  const response = await fetch(url, { headers: DICOM_JSON });
  if (response.status === 204) return [];
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return (await response.json()) as DicomJsonDataset[];
}

/**
 * Searches over the whole archive: each filter kind PS3.18 8.3.4 defines, at each level. Written
 * as browsers send them (`^` and `\\` raw): Orthanc 1.10 does not percent-decode query values.
 */
export function globalSearches(facts: StudyFacts[]): SearchCase[] {
  const someStudies = facts.slice(0, 3).map((f) => f.study);
  const someSeries = facts.flatMap((f) => f.series).slice(0, 3);
  return [
    { name: 'all studies', path: '/studies' },
    { name: 'all studies, includefield=all', path: '/studies?includefield=all' },
    { name: 'all series', path: '/series' },
    { name: 'all instances', path: '/instances' },
    { name: 'PatientName wildcard', path: '/studies?PatientName=CompressedSamples*' },
    { name: 'PatientName wildcard, lower case', path: '/studies?PatientName=compressedsamples*' },
    { name: 'PatientName single-character wildcard', path: '/studies?PatientName=CompressedSamples^CT?' },
    { name: 'PatientName exact', path: '/studies?PatientName=Test^Pattern' },
    { name: 'PatientID exact', path: '/studies?PatientID=1CT1' },
    { name: 'StudyDate range', path: '/studies?StudyDate=20000101-20101231' },
    { name: 'StudyDate open start', path: '/studies?StudyDate=-20000101' },
    { name: 'StudyDate open end', path: '/studies?StudyDate=20150101-' },
    { name: 'StudyDate single day', path: '/studies?StudyDate=20040826' },
    { name: 'ModalitiesInStudy CT', path: '/studies?ModalitiesInStudy=CT' },
    { name: 'ModalitiesInStudy SEG', path: '/studies?ModalitiesInStudy=SEG' },
    { name: 'ModalitiesInStudy comma list', path: '/studies?ModalitiesInStudy=SR,ECG' },
    { name: 'ModalitiesInStudy backslash list', path: '/studies?ModalitiesInStudy=SR\\ECG' },
    { name: 'StudyInstanceUID list', path: `/studies?StudyInstanceUID=${someStudies.join(',')}` },
    { name: 'AccessionNumber', path: '/studies?AccessionNumber=FUJI95706' },
    { name: 'limit', path: '/studies?limit=5' },
    { name: 'limit and offset', path: '/studies?limit=5&offset=5' },
    { name: 'offset past the end', path: '/studies?offset=1000' },
    {
      name: 'includefield by keyword',
      path: '/studies?includefield=StudyDescription&includefield=ReferringPhysicianName',
    },
    { name: 'includefield by tag', path: '/studies?includefield=00081030' },
    { name: 'series by Modality', path: '/series?Modality=CT' },
    { name: 'series by SeriesInstanceUID list', path: `/series?SeriesInstanceUID=${someSeries.join(',')}` },
    { name: 'series of studies by date', path: '/series?StudyDate=20040826' },
    { name: 'instances by SOPClassUID', path: '/instances?SOPClassUID=1.2.840.10008.5.1.4.1.1.4' },
    { name: 'instances with limit', path: '/instances?limit=10&offset=100' },
  ];
}

/** Searches scoped to one study and its series. */
export function studySearches({ study, series }: StudyFacts): SearchCase[] {
  return [
    { name: 'study by UID', path: `/studies?StudyInstanceUID=${study}` },
    { name: 'study by UID, includefield=all', path: `/studies?StudyInstanceUID=${study}&includefield=all` },
    { name: 'series of the study', path: `/studies/${study}/series` },
    { name: 'series of the study, includefield=all', path: `/studies/${study}/series?includefield=all` },
    { name: 'instances of the study', path: `/studies/${study}/instances` },
    ...series.map((uid) => ({
      name: `instances of series ${uid}`,
      path: `/studies/${study}/series/${uid}/instances?includefield=all`,
    })),
  ];
}
