import type { DicomdirImage, DicomdirPatient, DicomdirSeries, DicomdirStudy } from '../../dicom/dicomdir';
import { firstNumber, firstString, type DicomJsonDataset, type PersonNameValue } from '../../dicom/json';
import type { Principal } from '../auth/principal';
import type { DicomwebBackend, RequestContext } from '../dicomweb/backend';
import type { SearchRequest } from '../dicomweb/request';
import { guardedSearch } from './guardedSearch';

/** One instance to put in the zip: where it comes from and where it goes (PS3.10 8.3 file ID). */
export interface PlannedInstance {
  study: string;
  series: string;
  instance: string;
  fileId: string[];
  instanceNumber: string;
}

type Planned<T, Child, Key extends string> = Omit<T, Key> & Record<Key, Child[]>;
type PlannedSeries = Planned<DicomdirSeries, PlannedInstance, 'images'>;
type PlannedStudy = Planned<DicomdirStudy, PlannedSeries, 'series'>;
export type PlannedPatient = Planned<DicomdirPatient, PlannedStudy, 'studies'>;

/** The patient / study / series / instance tree of a download, in the order the zip holds it. */
export interface DownloadPlan {
  patients: PlannedPatient[];
  instances: PlannedInstance[];
}

const T = {
  studyDate: '00080020',
  studyTime: '00080030',
  accessionNumber: '00080050',
  modality: '00080060',
  studyDescription: '00081030',
  sopInstanceUID: '00080018',
  patientName: '00100010',
  patientID: '00100020',
  studyInstanceUID: '0020000D',
  seriesInstanceUID: '0020000E',
  studyID: '00200010',
  seriesNumber: '00200011',
  instanceNumber: '00200013',
} as const;

const search = (
  level: SearchRequest['level'],
  scope: { study?: string; series?: string },
  includefield: string[],
  filters: SearchRequest['filters'] = [],
): SearchRequest => ({
  kind: 'search',
  level,
  ...scope,
  filters,
  includefield,
  offset: 0,
  fuzzymatching: false,
});

/**
 * Finds what `principal` may download of `studies` with QIDO-RS searches through the guard, and
 * lays it out as DICOM/Pnnnn/Snnnn/SEnnnn/IMnnnn. Studies that are not found are left out.
 */
export async function planDownload(
  principal: Principal,
  backend: DicomwebBackend,
  context: RequestContext,
  studies: readonly string[],
): Promise<DownloadPlan> {
  const patients = new Map<string, PlannedPatient>();
  const instances: PlannedInstance[] = [];
  for (const study of studies) {
    const studyFields = [
      T.studyDate,
      T.studyTime,
      T.accessionNumber,
      T.studyDescription,
      T.patientName,
      T.patientID,
      T.studyID,
    ];
    const [row] = await guardedSearch(
      principal,
      backend,
      search('studies', {}, studyFields, [{ path: [T.studyInstanceUID], value: study }]),
      context,
    );
    if (row === undefined) continue;
    const patientID = text(row, T.patientID);
    const patientName = personName(row);
    const patientKey = `${patientID}\u0000${patientName}`;
    let patient = patients.get(patientKey);
    if (patient === undefined) {
      patient = { patientID, patientName, studies: [] };
      patients.set(patientKey, patient);
    }
    const planned: PlannedStudy = {
      studyInstanceUID: study,
      studyDate: text(row, T.studyDate),
      studyTime: text(row, T.studyTime),
      studyDescription: text(row, T.studyDescription),
      studyID: text(row, T.studyID),
      accessionNumber: text(row, T.accessionNumber),
      series: [],
    };
    const seriesRows = await guardedSearch(
      principal,
      backend,
      search('series', { study }, [T.modality, T.seriesNumber]),
      context,
    );
    for (const seriesRow of sortBy(seriesRows, T.seriesNumber, T.seriesInstanceUID)) {
      const series = text(seriesRow, T.seriesInstanceUID);
      const rows = await guardedSearch(
        principal,
        backend,
        search('instances', { study, series }, [T.instanceNumber]),
        context,
      );
      if (rows.length === 0) continue;
      const plannedSeries: PlannedSeries = {
        seriesInstanceUID: series,
        modality: text(seriesRow, T.modality),
        seriesNumber: text(seriesRow, T.seriesNumber),
        images: [],
      };
      for (const instanceRow of sortBy(rows, T.instanceNumber, T.sopInstanceUID)) {
        plannedSeries.images.push({
          study,
          series,
          instance: text(instanceRow, T.sopInstanceUID),
          fileId: [],
          instanceNumber: text(instanceRow, T.instanceNumber),
        });
      }
      planned.series.push(plannedSeries);
    }
    if (planned.series.length > 0) patient.studies.push(planned);
  }
  const tree = [...patients.values()].filter((patient) => patient.studies.length > 0);
  // Short numbered names: PS3.10 8.3 allows at most 8 characters of A-Z, 0-9 and _ per component.
  tree.forEach((patient, p) =>
    patient.studies.forEach((study, s) =>
      study.series.forEach((series, se) =>
        series.images.forEach((image, i) => {
          image.fileId = ['DICOM', `P${number(p)}`, `S${number(s)}`, `SE${number(se)}`, `IM${number(i)}`];
          instances.push(image);
        }),
      ),
    ),
  );
  return { patients: tree, instances };
}

/** The plan with what each file's own File Meta says about it: the DICOMDIR describes the bytes in the zip. */
export function dicomdirPatients(
  plan: DownloadPlan,
  imageOf: (planned: PlannedInstance) => DicomdirImage,
): DicomdirPatient[] {
  return plan.patients.map((patient) => ({
    ...patient,
    studies: patient.studies.map((study) => ({
      ...study,
      series: study.series.map((series) => ({ ...series, images: series.images.map(imageOf) })),
    })),
  }));
}

const number = (index: number) => String(index + 1).padStart(4, '0');

function text(dataset: DicomJsonDataset, tag: string): string {
  return firstString(dataset, tag)?.trim() ?? '';
}

/** The PN value in its DICOM form: alphabetic=ideographic=phonetic, trailing empty groups dropped. */
function personName(dataset: DicomJsonDataset): string {
  const value = dataset[T.patientName]?.Value?.[0];
  if (value === null || typeof value !== 'object') return typeof value === 'string' ? value : '';
  const pn = value as PersonNameValue;
  return [pn.Alphabetic ?? '', pn.Ideographic ?? '', pn.Phonetic ?? ''].join('=').replace(/=+$/, '');
}

/** By a number attribute (missing ones last), then by UID: the order a viewer shows them in. */
function sortBy(rows: DicomJsonDataset[], numberTag: string, uidTag: string): DicomJsonDataset[] {
  const key = (row: DicomJsonDataset) => firstNumber(row, numberTag) ?? Number.POSITIVE_INFINITY;
  return [...rows].sort((a, b) => key(a) - key(b) || text(a, uidTag).localeCompare(text(b, uidTag)));
}
