import type { StudyRow } from '../studyList/studyRow';

/** One study on the patient's list, in words a patient reads. */
export interface StudyCard {
  studyInstanceUID: string;
  /** DA (YYYYMMDD) or ''. */
  studyDate: string;
  modalities: string[];
  description: string;
  images: number | undefined;
  /** The study holds a written report (a structured report series). */
  hasReport: boolean;
}

/** Modalities of the images themselves: a report or key-image note is not "a kind of scan". */
const NOT_IMAGES = new Set(['SR', 'KO', 'PR']);

/**
 * The patient's studies, newest first (undated ones last), each with the modalities of its
 * images and whether a report is in it.
 */
export function studyCards(rows: readonly StudyRow[]): StudyCard[] {
  const when = (row: StudyRow) => `${row.studyDate}${row.studyTime}`;
  return [...rows]
    .sort((a, b) => (when(a) === when(b) ? 0 : when(a) === '' ? 1 : when(b) === '' ? -1 : when(a) < when(b) ? 1 : -1))
    .map((row) => ({
      studyInstanceUID: row.studyInstanceUID,
      studyDate: row.studyDate,
      modalities: row.modalities.filter((modality) => !NOT_IMAGES.has(modality)),
      description: row.description,
      images: row.instanceCount,
      hasReport: row.modalities.includes('SR'),
    }));
}
