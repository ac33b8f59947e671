/**
 * Search terms: the values of the study-list keys in the form the matcher compares them, one row
 * per value in study_terms, so exact, prefix and contains keys are answered from a B-tree or the
 * trigram index instead of running the matcher on every study. The forms are matching.ts's own:
 * PN values as each component group and the whole name, trailing `^` and spaces dropped,
 * lowercased (PN matches case-insensitively); other values exactly as stored. Nothing is
 * accent-folded, because matching.ts does not fold accents.
 */
import type { DicomJsonDataset, DicomJsonElement } from '../../../dicom/json';
import type { Tag } from '../../../dicom/tags';
import { normalizePersonName, personNameForms } from '../qido/matching';
import { hasWildcard } from '../qido/wildcard';

export interface TermField {
  /** The study_terms.field value. */
  field: string;
  vr: 'PN' | 'LO' | 'SH' | 'CS';
}

/** Study-level keys answered from study_terms (ModalitiesInStudy is computed from the series). */
export const TERM_FIELDS: ReadonlyMap<Tag, TermField> = new Map<Tag, TermField>([
  ['00100010', { field: 'patient_name', vr: 'PN' }],
  ['00100020', { field: 'patient_id', vr: 'LO' }],
  ['00080050', { field: 'accession_number', vr: 'SH' }],
  ['00081030', { field: 'study_description', vr: 'LO' }],
  ['00080090', { field: 'referring_physician_name', vr: 'PN' }],
  ['00080061', { field: 'modalities', vr: 'CS' }],
]);

export interface Term {
  field: string;
  term: string;
}

/** The distinct terms of a study's dataset (with its computed ModalitiesInStudy element). */
export function studyTerms(dataset: DicomJsonDataset): Term[] {
  const terms: Term[] = [];
  for (const [tag, { field, vr }] of TERM_FIELDS) {
    for (const term of new Set(elementTerms(vr, dataset[tag]))) terms.push({ field, term });
  }
  return terms;
}

function elementTerms(vr: TermField['vr'], element: DicomJsonElement | undefined): string[] {
  const values = (element?.Value ?? []).filter((v) => v !== null);
  if (vr === 'PN') return values.flatMap((v) => personNameForms(v).map((form) => form.toLowerCase()));
  return values.filter((v): v is string => typeof v === 'string');
}

/** One `\`-separated part of a key, as the matcher compares it: an exact term or a wildcard pattern. */
type TermPattern = { exact: string } | { glob: string };

/** The patterns of a (non-universal) key on a term field; any one matching a term matches the study. */
export function termPatterns(vr: TermField['vr'], key: string): TermPattern[] {
  return key.split('\\').map((part) => {
    const pattern = vr === 'PN' ? normalizePersonName(part).toLowerCase() : part;
    return hasWildcard(pattern) ? { glob: pattern } : { exact: pattern };
  });
}

/** The literal text before the first wildcard. */
export function literalPrefix(glob: string): string {
  return glob.slice(0, glob.search(/[*?]/));
}

/** The longest run of literal characters, in code points (a trigram index needs three). */
export function longestLiteralRun(glob: string): number {
  return Math.max(0, ...glob.split(/[*?]/).map((run) => [...run].length));
}

/** The least string greater than every string that starts with `prefix`; undefined when there is none. */
export function prefixUpperBound(prefix: string): string | undefined {
  const points = [...prefix];
  while (points.length > 0) {
    const last = points.pop()!.codePointAt(0)!;
    if (last < 0x10ffff) return points.join('') + String.fromCodePoint(last === 0xd7ff ? 0xe000 : last + 1);
  }
  return undefined;
}
