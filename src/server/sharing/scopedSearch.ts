import type { DicomJsonDataset } from '../../dicom/json';
import { levelOf } from '../../dicom/levels';
import type { SearchFilter, SearchRequest } from '../dicomweb/request';
import type { ShareScope } from '../store/shares';
import { deny, type Decision } from './decision';

const STUDY_UID = '0020000D';
const SERIES_UID = '0020000E';
/**
 * Study-level attributes computed over all series of a study (PS3.18 Table 10.6.3-3): under a
 * series-scoped share they would reveal how many other series exist, their modalities and their
 * kinds of objects. Backends compute them over the whole study, so such a share never sees them.
 */
const WHOLE_STUDY_SUMMARY = new Set(['00080061', '00080062', '00201206', '00201208']);
/** Study-level answers that say nothing about the series behind them. */
const STUDY_ROW_EXTRAS = new Set(['00080056', '00081190']);

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
  for (const [tag, uids] of Object.entries(keys))
    if (uids !== undefined) filters.push({ path: [tag], value: uids.join('\\') });
  // The result filter needs the UIDs in every answer; they are in scope, so adding them widens nothing.
  const includefield =
    request.includefield === 'all' ? 'all' : [...new Set([...request.includefield, STUDY_UID, SERIES_UID])];
  return { ...request, filters, includefield };
}

/**
 * A QIDO-RS search under a share: a study or series named in the path must be in scope; the
 * query is rewritten so the backend only ever matches shared studies and series (so paging stays
 * right), and each result is checked again on the way out.
 */
export function scopedSearch(scope: ShareScope, request: SearchRequest): Decision {
  if (scope.seriesScoped) {
    const leaking = request.filters.find((filter) => revealsOtherSeries(request, filter));
    if (leaking !== undefined) {
      const what =
        request.level === 'studies'
          ? 'studies can be searched by study attributes only'
          : 'study-wide summaries cannot be searched';
      return deny(403, 'OUT_OF_SCOPE', `Only some series of this study are shared: ${what}`);
    }
  }
  const byStudy = new Map(scope.studies.map((s) => [s.study, s.series]));
  if (request.study !== undefined && !byStudy.has(request.study))
    return deny(403, 'OUT_OF_SCOPE', 'The study is not part of this share');
  if (request.series !== undefined && !(byStudy.get(request.study!) ?? []).includes(request.series)) {
    return deny(403, 'OUT_OF_SCOPE', 'The series is not part of this share');
  }

  const studies =
    request.study !== undefined ? [request.study] : narrow([...byStudy.keys()], request.filters, STUDY_UID);
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
        return scope.seriesScoped ? studyAttributesOnly(dataset) : dataset;
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
      return scope.seriesScoped ? withoutStudySummary(dataset) : dataset;
    },
  };
}

/**
 * Under a series-scoped share, a key whose answer depends on series that were left out: at study
 * level, any key below the study (a study matches when ANY of its series or instances does), and
 * at every level, the study-wide summaries. Refused whatever its value, so the refusal itself
 * says nothing about the data.
 */
function revealsOtherSeries(request: SearchRequest, filter: SearchFilter): boolean {
  const tag = filter.path[0];
  if (tag === undefined || filter.value === '' || filter.value === '*') return false;
  if (WHOLE_STUDY_SUMMARY.has(tag)) return true;
  return request.level === 'studies' && levelOf(tag) !== 'study';
}

/**
 * A study result under a series-scoped share: the patient and study attributes only. Anything a
 * backend took from "some instance of the study" (includefield of series or instance attributes,
 * includefield=all, the character set) may come from a series that was not shared.
 */
function studyAttributesOnly(dataset: DicomJsonDataset): DicomJsonDataset {
  const kept: DicomJsonDataset = {};
  for (const [tag, element] of Object.entries(dataset)) {
    if (STUDY_ROW_EXTRAS.has(tag) || (levelOf(tag) === 'study' && !WHOLE_STUDY_SUMMARY.has(tag))) kept[tag] = element;
  }
  return kept;
}

function withoutStudySummary(dataset: DicomJsonDataset): DicomJsonDataset {
  return Object.fromEntries(Object.entries(dataset).filter(([tag]) => !WHOLE_STUDY_SUMMARY.has(tag)));
}
