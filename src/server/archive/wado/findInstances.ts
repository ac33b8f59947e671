import { notFound } from '../../errors';
import type { InstanceIndex, StoredInstance } from '../types';

/** Instances of a study, series or single instance; 404 naming the first level that is unknown. */
export function findInstances(
  index: InstanceIndex,
  study: string,
  series?: string,
  instance?: string,
): StoredInstance[] {
  const found = index.find(study, series, instance);
  if (found.length > 0) return found;
  if (series === undefined || index.find(study).length === 0) throw notFound('Study not found', 'STUDY_NOT_FOUND');
  if (instance === undefined || index.find(study, series).length === 0)
    throw notFound('Series not found', 'SERIES_NOT_FOUND');
  throw notFound('Instance not found', 'INSTANCE_NOT_FOUND');
}

/** URL of an instance below the gateway's public DICOMweb root. */
export function instanceUrl(publicBase: string, instance: StoredInstance): string {
  return `${publicBase}/studies/${instance.studyInstanceUID}/series/${instance.seriesInstanceUID}/instances/${instance.sopInstanceUID}`;
}
