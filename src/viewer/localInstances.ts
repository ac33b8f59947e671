import { firstString, type DicomJsonDataset } from '../dicom/json';
import { instanceGeometry, sortInstances } from '../dicom/sortInstances';
import { bySeriesNumber } from '../dicom/openingImage';
import { seriesEntry } from './studyRequests';
import type { SeriesEntry } from './viewerState';

/** A file read on this device: a name to report it by and its metadata. */
export interface LocalInstance {
  readonly name: string;
  readonly dataset: DicomJsonDataset;
}

export interface LocalSeries<T extends LocalInstance> {
  readonly entry: SeriesEntry;
  /** In the order the DICOMweb path shows a series' instances. */
  readonly instances: readonly T[];
}

interface LocalStudies<T extends LocalInstance> {
  /** In the order their first file came. */
  readonly studyInstanceUIDs: readonly string[];
  /** Study by study, each study's series in the series panel's order. */
  readonly series: readonly LocalSeries<T>[];
  /** Files holding an instance an earlier file holds too (the same image picked twice, a copy on the disc). */
  readonly duplicates: readonly T[];
}

export const DICOMDIR_REASON = 'A DICOMDIR (the index of a disc): the images are the other files';

/**
 * A disc's index file, by its name (PS3.10 8.6 names it DICOMDIR): its data set holds only group
 * 0004, which the Part 10 reader does not take for a data set, so the name is what tells it apart.
 */
export function isDicomdirName(name: string): boolean {
  return /(^|\/)DICOMDIR$/i.test(name);
}

/** Why a readable DICOM file cannot be shown among the studies; undefined when it can. */
export function localInstanceProblem(dataset: DicomJsonDataset): string | undefined {
  // A DICOMDIR with an element past group 0004 (a character set) does read as a data set:
  // its Directory Record Sequence tells it apart.
  if (dataset['00041220'] !== undefined) return DICOMDIR_REASON;
  if (!firstString(dataset, '0020000D')) return 'No Study Instance UID (0020,000D)';
  if (!firstString(dataset, '0020000E')) return 'No Series Instance UID (0020,000E)';
  if (!firstString(dataset, '00080018')) return 'No SOP Instance UID (0008,0018)';
  return undefined;
}

/**
 * Groups files into studies and series as a DICOMweb server would list them: series keyed by
 * Series Instance UID (as the viewer keys them), instances ordered by the function the DICOMweb
 * path orders series metadata with. Every instance must pass `localInstanceProblem`.
 */
export function groupLocalInstances<T extends LocalInstance>(instances: readonly T[]): LocalStudies<T> {
  const studies: string[] = [];
  const members = new Map<string, T[]>();
  const seen = new Set<string>();
  const duplicates: T[] = [];
  for (const instance of instances) {
    const sop = firstString(instance.dataset, '00080018')!;
    if (seen.has(sop)) {
      duplicates.push(instance);
      continue;
    }
    seen.add(sop);
    const study = firstString(instance.dataset, '0020000D')!;
    if (!studies.includes(study)) studies.push(study);
    const series = firstString(instance.dataset, '0020000E')!;
    const list = members.get(series);
    if (list) list.push(instance);
    else members.set(series, [instance]);
  }
  const series = [...members.values()].map((list) => {
    const first = list[0]!;
    const entry = seriesEntry(firstString(first.dataset, '0020000D')!, first.dataset)!;
    return {
      entry: { ...entry, imageCount: list.length },
      instances: sortInstances(list, (instance) => instanceGeometry(instance.dataset)),
    };
  });
  const ordered = studies.flatMap((study) =>
    series.filter(({ entry }) => entry.studyInstanceUID === study).sort((a, b) => bySeriesNumber(a.entry, b.entry)),
  );
  return { studyInstanceUIDs: studies, series: ordered, duplicates };
}
