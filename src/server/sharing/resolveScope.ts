import { firstString } from '../../dicom/json';
import type { DicomwebBackend, RequestContext } from '../dicomweb/backend';
import { badRequest, notFound } from '../errors';
import type { SharedStudy } from '../store/shares';

const SERIES_UID = '0020000E';

/**
 * Checks with the backend (a QIDO-RS series search per study) that every study exists and every
 * chosen series belongs to one of them, and returns the scope to store: each study with the
 * series it has now (or the chosen ones). The guard then checks study/series pairs itself instead
 * of trusting every backend to refuse a series requested under the wrong study.
 */
export async function resolveScope(
  backend: DicomwebBackend,
  context: RequestContext,
  studyUids: readonly string[],
  chosenSeries: readonly string[] | undefined,
): Promise<SharedStudy[]> {
  const studies: SharedStudy[] = [];
  for (const study of new Set(studyUids)) {
    const result = await backend.search(
      {
        kind: 'search',
        level: 'series',
        study,
        filters: [],
        includefield: [SERIES_UID],
        offset: 0,
        fuzzymatching: false,
      },
      context,
    );
    const series = result.datasets.flatMap((dataset) => firstString(dataset, SERIES_UID) ?? []);
    if (series.length === 0) throw notFound(`Study ${study} not found`, 'STUDY_NOT_FOUND');
    studies.push({ study, series });
  }
  if (chosenSeries === undefined) return studies;

  const chosen = new Set(chosenSeries);
  const known = new Set(studies.flatMap((s) => s.series));
  for (const uid of chosen) {
    if (!known.has(uid)) throw notFound(`Series ${uid} is not part of the shared studies`, 'SERIES_NOT_FOUND');
  }
  return studies.map(({ study, series }) => {
    const kept = series.filter((uid) => chosen.has(uid));
    if (kept.length === 0)
      throw badRequest(`None of the chosen series belongs to study ${study}`, 'STUDY_WITHOUT_SERIES');
    return { study, series: kept };
  });
}
