import { formatDicomDate } from '../studyList/format';
import type { StudyRow } from '../studyList/studyRow';

/** What a patient link made from selected study-list rows is for; or why one cannot be made. */
type SelectionTarget =
  | {
      ok: true;
      patientID: string;
      patientName: string;
      studies: { studyInstanceUID: string; label: string }[];
    }
  | { ok: false; reason: string };

/** A patient link is one patient's: the selected rows must share a Patient ID (the gateway checks again). */
export function patientLinkTarget(rows: readonly StudyRow[]): SelectionTarget {
  if (rows.length === 0) return { ok: false, reason: 'Tick a study of the patient first' };
  const ids = new Set(rows.map((row) => row.patientId));
  if (ids.size > 1) return { ok: false, reason: 'The selected studies belong to different patients' };
  const [first] = rows;
  return {
    ok: true,
    patientID: first!.patientId,
    patientName: first!.patientName,
    studies: rows.map((row) => ({
      studyInstanceUID: row.studyInstanceUID,
      label: [formatDicomDate(row.studyDate), row.modalities.join(', '), row.description].filter(Boolean).join(' · '),
    })),
  };
}
