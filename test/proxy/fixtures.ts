import { manifest } from '../support/corpus';

interface InstanceUids {
  study: string;
  series: string;
  instance: string;
}

/** UIDs of a single-file corpus entry, by its path in the manifest. */
export function corpusInstance(entryPath: string): InstanceUids {
  const entry = manifest.entries.find((e) => e.path === entryPath);
  const { studyInstanceUID: study, seriesInstanceUID: series, sopInstanceUID: instance } = entry ?? {};
  if (study === undefined || series === undefined || instance === undefined)
    throw new Error(`No single instance at ${entryPath}`);
  return { study, series, instance };
}

/** UIDs of a series entry (all slices share study and series). */
export function corpusSeries(entryPath: string): { study: string; series: string; instances: number } {
  const entry = manifest.entries.find((e) => e.path === entryPath && e.type === 'series');
  if (entry?.studyInstanceUID === undefined || entry.seriesInstanceUID === undefined)
    throw new Error(`No series at ${entryPath}`);
  return { study: entry.studyInstanceUID, series: entry.seriesInstanceUID, instances: entry.files?.length ?? 0 };
}

export const instancePath = ({ study, series, instance }: InstanceUids) =>
  `/studies/${study}/series/${series}/instances/${instance}`;
