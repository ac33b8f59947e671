import { useEffect, useState } from 'react';
import type { DicomwebClient } from '../../dicomweb/client';
import { studyRow } from '../studyList/studyRow';
import { formatDicomDate, formatPersonName } from '../studyList/format';

/**
 * "Patient · date · description" for shared studies, one QIDO-RS search per study not yet known.
 * Shares hold only UIDs; a study that no longer answers keeps its UID as its label.
 */
export function useStudyLabels(
  client: DicomwebClient,
  studyInstanceUIDs: readonly string[],
): ReadonlyMap<string, string> {
  const [labels, setLabels] = useState<ReadonlyMap<string, string>>(new Map());
  const key = [...new Set(studyInstanceUIDs)].sort().join(',');
  useEffect(() => {
    const controller = new AbortController();
    const missing = key.split(',').filter((uid) => uid && !labels.has(uid));
    if (missing.length === 0) return;
    // Cannot reject: a failed search labels the study with its UID.
    void Promise.all(
      missing.map((uid) =>
        client.searchStudies({ StudyInstanceUID: uid, limit: 1 }, controller.signal).then(
          (found) => {
            const row = found[0] && studyRow(found[0]);
            const label = row
              ? [formatPersonName(row.patientName) || '(no name)', formatDicomDate(row.studyDate), row.description]
                  .filter(Boolean)
                  .join(' · ')
              : uid;
            return [uid, label] as const;
          },
          () => [uid, uid] as const,
        ),
      ),
    ).then((found) => {
      if (!controller.signal.aborted) setLabels((current) => new Map([...current, ...found]));
    });
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- adding found labels must not search again
  }, [client, key]);
  return labels;
}
