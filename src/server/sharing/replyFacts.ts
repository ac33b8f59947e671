import { firstString, type DicomJsonDataset } from '../../dicom/json';
import type { DicomwebBackend, RequestContext } from '../dicomweb/backend';
import type { SearchLevel } from '../dicomweb/request';
import { patientOf } from './replyInstance';
import type { InstancePlace, ReplyFacts, ReplyInstance } from './replyPolicy';

const STUDY = '0020000D';
const SERIES = '0020000E';
const SOP_INSTANCE = '00080018';
const PATIENT_TAGS = ['00100010', '00100020', '00100030'];

/**
 * UIDs per QIDO-RS search. UID list matching (PS3.18 8.3.4.1, comma-separated; the archive and
 * Orthanc both take it) makes the lookups one search per kind; the cap keeps upstream URLs short.
 */
const UIDS_PER_SEARCH = 50;

/** What the backend knows about the upload's studies, references and UIDs. */
export async function replyFacts(
  backend: DicomwebBackend,
  context: RequestContext,
  instances: readonly ReplyInstance[],
): Promise<ReplyFacts> {
  const search = async (level: SearchLevel, tag: string, uids: readonly string[], includefield: string[]) => {
    const found: DicomJsonDataset[] = [];
    const wanted = [...new Set(uids)];
    for (let at = 0; at < wanted.length; at += UIDS_PER_SEARCH) {
      const batch = new Set(wanted.slice(at, at + UIDS_PER_SEARCH));
      const result = await backend.search(
        {
          kind: 'search',
          level,
          filters: [{ path: [tag], value: [...batch].join(',') }],
          includefield,
          limit: batch.size,
          offset: 0,
          fuzzymatching: false,
        },
        context,
      );
      found.push(...result.datasets.filter((dataset) => batch.has(firstString(dataset, tag) ?? '')));
    }
    return found;
  };

  const [studies, located, series] = await Promise.all([
    search(
      'studies',
      STUDY,
      instances.map((i) => i.studyUID),
      PATIENT_TAGS,
    ),
    search(
      'instances',
      SOP_INSTANCE,
      instances.flatMap((i) => [i.sopInstanceUID, ...i.references]),
      [STUDY, SERIES],
    ),
    search(
      'series',
      SERIES,
      instances.map((i) => i.seriesUID),
      [SERIES],
    ),
  ]);
  const stored = new Set(located.map((dataset) => firstString(dataset, SOP_INSTANCE)!));
  const referenced = new Map<string, InstancePlace>();
  for (const dataset of located) {
    const uid = firstString(dataset, SOP_INSTANCE)!;
    const study = firstString(dataset, STUDY);
    const inSeries = firstString(dataset, SERIES);
    if (study !== undefined && inSeries !== undefined && instances.some((i) => i.references.includes(uid)))
      referenced.set(uid, { study, series: inSeries });
  }
  return {
    studies: new Map(studies.map((dataset) => [firstString(dataset, STUDY)!, patientOf(dataset)])),
    referenced,
    existingInstances: new Set(instances.map((i) => i.sopInstanceUID).filter((uid) => stored.has(uid))),
    existingSeries: new Set(series.map((dataset) => firstString(dataset, SERIES)!)),
  };
}
