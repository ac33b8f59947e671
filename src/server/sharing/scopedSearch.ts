import type { DicomJsonDataset } from '../../dicom/json';
import type { SearchFilter, SearchRequest } from '../dicomweb/request';
import type { ShareScope } from '../store/shares';
import { deny, type Decision } from './decision';

const STUDY_UID = '0020000D';
const SERIES_UID = '0020000E';
/**
 * Study-level attributes computed over all series of a study (PS3.18 Table 10.6.3-3): under a
 * series-scoped share they would reveal how many other series exist and their modalities.
 */
const WHOLE_STUDY_SUMMARY = ['00201206', '00201208', '00080061'];

const isKey = (filter: SearchFilter, tag: string) => filter.path.length === 1 && filter.path[0] === tag;
const uidOf = (dataset: DicomJsonDataset, tag: string) => {
  const value = dataset[tag]?.Value?.[0];
  return typeof value === 'string' ? value : undefined;
};

/**
 * The UIDs a client asked for with a top-level key (UID list matching, `\` or `,`), intersected
 * with the allowed ones. No key, or a universal one, asks for all of them.
 */
function narrow(allowed: readonly string[], filters: readonly SearchFilter[], tag: string): string[] {
  let result = [...allowed];
  for (const filter of filters.filter((f) => isKey(f, tag))) {
    if (filter.value === '' || filter.value === '*') continue;
    const asked = new Set(filter.value.split(/[\\,]/).map((uid) => uid.trim()));
    result = result.filter((uid) => asked.has(uid));
  }
  return result;
}

function withKeys(request: SearchRequest, keys: Record<string, string[] | undefined>): SearchRequest {
  const replaced = Object.keys(keys).filter((tag) => keys[tag] !== undefined);
  const filters = request.filters.filter((f) => !replaced.some((tag) => isKey(f, tag)));
  for (const [tag, uids] of Object.entries(keys)) if (uids !== undefined) filters.push({ path: [tag], value: uids.join('\\') });
  // The result filter needs the UIDs in every answer; they are in scope, so adding them widens nothing.
  const includefield = request.includefield === 'all' ? 'all' : [...new Set([...request.includefield, STUDY_UID, SERIES_UID])];
  return { ...request, filters, includefield };
}

/**
 * A QIDO-RS search under a share: a study or series named in the path must be in scope; the
 * query is rewritten so the backend only ever matches shared studies and series (so paging stays
 * right), and each result is checked again on the way out.
 */
export function scopedSearch(scope: ShareScope, request: SearchRequest): Decision {
  const byStudy = new Map(scope.studies.map((s) => [s.study, s.series]));
  if (request.study !== undefined && !byStudy.has(request.study)) return deny(403, 'OUT_OF_SCOPE', 'The study is not part of this share');
  if (request.series !== undefined && !(byStudy.get(request.study!) ?? []).includes(request.series)) {
    return deny(403, 'OUT_OF_SCOPE', 'The series is not part of this share');
  }

  const studies = request.study !== undefined ? [request.study] : narrow([...byStudy.keys()], request.filters, STUDY_UID);
  const seriesInStudies = studies.flatMap((study) => byStudy.get(study) ?? []);
  const series = request.series !== undefined ? [request.series] : narrow(seriesInStudies, request.filters, SERIES_UID);
  const pathNamesStudy = request.study !== undefined;

  if (request.level === 'studies') {
    if (studies.length === 0) return { effect: 'allow-with-filter', search: null, filter: () => undefined };
    const studySet = new Set(studies);
    return {
      effect: 'allow-with-filter',
      search: withKeys(request, { [STUDY_UID]: studies }),
      filter: (dataset) => {
        const uid = uidOf(dataset, STUDY_UID);
        if (uid === undefined || !studySet.has(uid)) return undefined;
        if (!scope.seriesScoped) return dataset;
        const trimmed = { ...dataset };
        for (const tag of WHOLE_STUDY_SUMMARY) delete trimmed[tag];
        return trimmed;
      },
    };
  }

  if (series.length === 0) return { effect: 'allow-with-filter', search: null, filter: () => undefined };
  const studySet = new Set(studies);
  const seriesSet = new Set(series);
  return {
    effect: 'allow-with-filter',
    search: withKeys(request, { [STUDY_UID]: pathNamesStudy ? undefined : studies, [SERIES_UID]: series }),
    filter: (dataset) => {
      const study = uidOf(dataset, STUDY_UID);
      const seriesUid = uidOf(dataset, SERIES_UID);
      // A study UID may be left out only when the path already fixed the study.
      if (study === undefined ? !pathNamesStudy : !studySet.has(study)) return undefined;
      if (seriesUid === undefined || !seriesSet.has(seriesUid)) return undefined;
      return dataset;
    },
  };
}
