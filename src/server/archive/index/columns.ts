/**
 * Attributes the index copies into columns, so the common QIDO-RS keys are matched and sorted in
 * SQL (a study list pages through 100k studies without reading them all). Everything else is
 * matched on the stored JSON by the same pure matcher.
 */
import type { DicomJsonDataset, DicomJsonElement } from '../../../dicom/json';
import type { Tag } from '../../../dicom/tags';
import { canonicalMoment } from '../qido/matching';
import type { Level } from '../../../dicom/levels';

/**
 * - uid: the UID; matched with IN.
 * - date: the first DA value as YYYYMMDD; matched with comparisons.
 * - text: the first value of a single-valued string attribute; matched with = or GLOB.
 * - json: the whole element as DICOM JSON; matched by the pure matcher in a SQL function.
 */
export type ColumnKind = 'uid' | 'date' | 'text' | 'json';

interface IndexedColumn {
  tag: Tag;
  column: string;
  kind: ColumnKind;
}

export const INDEXED_COLUMNS: Record<Level, IndexedColumn[]> = {
  study: [
    { tag: '0020000D', column: 'study_uid', kind: 'uid' },
    { tag: '00080020', column: 'study_date', kind: 'date' },
    { tag: '00100030', column: 'patient_birth_date', kind: 'date' },
    { tag: '00200010', column: 'study_id', kind: 'text' },
    { tag: '00100040', column: 'patient_sex', kind: 'text' },
  ],
  series: [
    { tag: '0020000E', column: 'series_uid', kind: 'uid' },
    { tag: '00080060', column: 'modality', kind: 'text' },
    { tag: '0008103E', column: 'series_description', kind: 'json' },
  ],
  instance: [
    { tag: '00080018', column: 'sop_uid', kind: 'uid' },
    { tag: '00080016', column: 'sop_class_uid', kind: 'uid' },
  ],
};

/** The column value of an attribute of a level dataset; null when absent or empty. */
function columnValue(kind: ColumnKind, element: DicomJsonElement | undefined): string | null {
  const first = element?.Value?.[0];
  switch (kind) {
    case 'uid':
    case 'text':
      return typeof first === 'string' && first !== '' ? first : null;
    case 'date':
      return typeof first === 'string' ? (canonicalMoment('DA', first) ?? null) : null;
    case 'json':
      return element?.Value?.length ? JSON.stringify(element) : null;
  }
}

/** Column values for a level row, in INDEXED_COLUMNS order. */
export function columnValues(level: Level, dataset: DicomJsonDataset): Record<string, string | null> {
  return Object.fromEntries(
    INDEXED_COLUMNS[level].map(({ tag, column, kind }) => [column, columnValue(kind, dataset[tag])]),
  );
}
