import { firstString } from '../../dicom/json';
import type { DicomwebBackend, RequestContext } from '../dicomweb/backend';
import type { SearchFilter } from '../dicomweb/request';
import { badRequest, notFound } from '../errors';
import type { PatientLink } from '../store/patientLinks';
import type { SharedStudy } from '../store/shares';
import { resolveScope } from './resolveScope';

const TAG = {
  patientName: '00100010',
  patientID: '00100020',
  birthDate: '00100030',
  studyUID: '0020000D',
} as const;
const PAGE = 500;
/** More studies than any one patient has; past it the search is a mistake, not a patient. */
const MAX_STUDIES = 2000;

/** What the data says about one study of a patient link. */
interface StudyFacts {
  study: string;
  patientID: string;
  patientName: string;
  /** YYYYMMDD, or undefined when the study has none (or not a real date). */
  birthDate: string | undefined;
}

/** Which studies a link covers: every study of a Patient ID, or the chosen ones. */
export type PatientScopeChoice = { patientID: string } | { studyInstanceUIDs: readonly string[] };

export const choiceOf = (link: PatientLink): PatientScopeChoice =>
  link.patientID !== undefined ? { patientID: link.patientID } : { studyInstanceUIDs: link.studyInstanceUIDs ?? [] };

/**
 * The studies a link covers, as the backend has them now. QIDO-RS matching treats `*` and `?` as
 * wildcards and offers no escape, so every answer is checked here for the exact Patient ID (or
 * Study Instance UID) asked for: a Patient ID like `12*` covers the studies of `12*` only.
 */
export async function findPatientStudies(
  backend: DicomwebBackend,
  context: RequestContext,
  choice: PatientScopeChoice,
): Promise<StudyFacts[]> {
  if ('patientID' in choice) {
    const rows = await searchStudies(backend, context, [{ path: [TAG.patientID], value: choice.patientID }]);
    return rows.filter((facts) => facts.patientID === choice.patientID);
  }
  const found: StudyFacts[] = [];
  for (const study of new Set(choice.studyInstanceUIDs)) {
    const rows = await searchStudies(backend, context, [{ path: [TAG.studyUID], value: study }]);
    found.push(...rows.filter((facts) => facts.study === study));
  }
  return found;
}

/** The studies with their series, for a session's scope (whole studies). */
export async function resolvePatientScope(
  backend: DicomwebBackend,
  context: RequestContext,
  facts: readonly StudyFacts[],
): Promise<SharedStudy[]> {
  if (facts.length === 0) return [];
  return resolveScope(
    backend,
    context,
    facts.map((f) => f.study),
    undefined,
  );
}

/**
 * The identity a new link is checked against: one Patient ID (chosen studies of several
 * patients are refused), a display name, and the birth date when every study that has one
 * agrees on it.
 */
export function patientIdentity(facts: readonly StudyFacts[]): {
  patientName: string;
  birthDate: string | undefined;
} {
  if (facts.length === 0) throw notFound('No study was found for this patient', 'STUDY_NOT_FOUND');
  const ids = new Set(facts.map((f) => f.patientID));
  if (ids.size > 1)
    throw badRequest('The chosen studies belong to more than one Patient ID: choose one patient', 'MIXED_PATIENTS');
  const dates = new Set(facts.flatMap((f) => f.birthDate ?? []));
  return {
    patientName: displayName(facts.find((f) => f.patientName !== '')?.patientName ?? ''),
    birthDate: dates.size === 1 ? [...dates][0] : undefined,
  };
}

/** `Doe^Jane^Ann^Dr` → `Dr Jane Ann Doe` (the alphabetic group of a DICOM person name). */
export function displayName(pn: string): string {
  const [family = '', given = '', middle = '', prefix = '', suffix = ''] = pn.split('=')[0]!.split('^');
  return [prefix, given, middle, family, suffix]
    .map((part) => part.trim())
    .filter(Boolean)
    .join(' ');
}

/** A DICOM DA birth date that names a real day (the corpus has `00000000` and worse). */
export function realBirthDate(value: string | undefined): string | undefined {
  if (value === undefined || !/^\d{8}$/.test(value)) return undefined;
  const [y, m, d] = [Number(value.slice(0, 4)), Number(value.slice(4, 6)), Number(value.slice(6, 8))];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1800 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d)
    return undefined;
  return value;
}

async function searchStudies(
  backend: DicomwebBackend,
  context: RequestContext,
  filters: SearchFilter[],
): Promise<StudyFacts[]> {
  const found = new Map<string, StudyFacts>();
  for (let offset = 0; offset < MAX_STUDIES;) {
    const result = await backend.search(
      {
        kind: 'search',
        level: 'studies',
        filters,
        includefield: [TAG.patientName, TAG.patientID, TAG.birthDate, TAG.studyUID],
        limit: PAGE,
        offset,
        fuzzymatching: false,
      },
      context,
    );
    let fresh = 0;
    for (const row of result.datasets) {
      const study = firstString(row, TAG.studyUID);
      if (study === undefined || found.has(study)) continue;
      found.set(study, {
        study,
        patientID: firstString(row, TAG.patientID) ?? '',
        patientName: firstString(row, TAG.patientName) ?? '',
        birthDate: realBirthDate(firstString(row, TAG.birthDate)),
      });
      fresh++;
    }
    offset += result.datasets.length;
    if (fresh === 0 || (result.datasets.length < PAGE && result.warnings.length === 0)) break;
  }
  return [...found.values()];
}
