import { firstNumber, firstString, type DicomJsonDataset } from '../json';
import type { SrCode } from './codes';
import type { ImageRef } from './references';

/** Reading helpers for SR attributes in DICOM JSON, shared by the SR and KOS readers. */

export function itemsOf(dataset: DicomJsonDataset, tag: string): DicomJsonDataset[] {
  return (dataset[tag]?.Value ?? []).filter(
    (value): value is DicomJsonDataset => typeof value === 'object' && value !== null && !('Alphabetic' in value),
  );
}

/** The first code of a code sequence (Code Value, Long Code Value or URN Code Value). */
export function codeIn(dataset: DicomJsonDataset, sequenceTag: string): SrCode | undefined {
  const item = itemsOf(dataset, sequenceTag)[0];
  if (!item) return undefined;
  const value = firstString(item, '00080100') ?? firstString(item, '00080119') ?? firstString(item, '00080120') ?? '';
  return { value, scheme: firstString(item, '00080102') ?? '', meaning: firstString(item, '00080104') ?? '' };
}

/** Where each referenced SOP instance lives, from the evidence sequences (PS3.3 C.17.2.3). */
export type EvidenceIndex = ReadonlyMap<
  string,
  { readonly studyInstanceUID: string; readonly seriesInstanceUID: string }
>;

export function evidenceIndexOf(dataset: DicomJsonDataset): EvidenceIndex {
  const index = new Map<string, { studyInstanceUID: string; seriesInstanceUID: string }>();
  for (const tag of ['0040A375', '0040A385']) {
    for (const study of itemsOf(dataset, tag)) {
      const studyInstanceUID = firstString(study, '0020000D') ?? '';
      for (const series of itemsOf(study, '00081115')) {
        const seriesInstanceUID = firstString(series, '0020000E') ?? '';
        for (const sop of itemsOf(series, '00081199')) {
          const uid = firstString(sop, '00081155');
          if (uid) index.set(uid, { studyInstanceUID, seriesInstanceUID });
        }
      }
    }
  }
  return index;
}

/** The instance an IMAGE or COMPOSITE item (or a Referenced SOP Sequence holder) points at. */
export function referenceIn(item: DicomJsonDataset, evidence: EvidenceIndex): ImageRef | undefined {
  const sop = itemsOf(item, '00081199')[0];
  const sopInstanceUID = sop && firstString(sop, '00081155');
  if (!sop || !sopInstanceUID) return undefined;
  const where = evidence.get(sopInstanceUID);
  const frameNumber = firstNumber(sop, '00081160');
  return {
    studyInstanceUID: where?.studyInstanceUID ?? '',
    seriesInstanceUID: where?.seriesInstanceUID ?? '',
    sopInstanceUID,
    sopClassUID: firstString(sop, '00081150') ?? '',
    ...(frameNumber === undefined ? {} : { frameNumber }),
  };
}
