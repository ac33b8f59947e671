import { firstString } from '../../dicom/json';
import type { DicomwebBackend, RequestContext } from '../dicomweb/backend';
import type { SearchRequest } from '../dicomweb/request';
import type { Upload } from '../store/uploads';

const PATIENT_ID = '00100020';
const PATIENT_NAME = '00100010';
const BIRTH_DATE = '00100030';
const STUDY_UID = '0020000D';

/** What staff should know before accepting an upload: missing identity data, and disagreements with the archive. */
interface IdentityFindings {
  warnings: string[];
  mismatches: string[];
}

const studySearch = (filters: SearchRequest['filters']): SearchRequest => ({
  kind: 'search',
  level: 'studies',
  filters,
  includefield: [PATIENT_ID, PATIENT_NAME, BIRTH_DATE],
  offset: 0,
  fuzzymatching: false,
});

/**
 * Asks the backend (QIDO-RS, so the archive and a proxied PACS alike) about the upload's study
 * and Patient ID: the study already there, or the same Patient ID under another name or birth
 * date, are mismatches; an upload without a Patient ID is a warning.
 */
export async function identityChecks(
  backend: DicomwebBackend,
  context: RequestContext,
  upload: Upload,
): Promise<IdentityFindings> {
  const warnings: string[] = [];
  const mismatches: string[] = [];
  const sameStudy = await backend.search(studySearch([{ path: [STUDY_UID], value: upload.studyUID }]), context);
  if (sameStudy.datasets.some((d) => firstString(d, STUDY_UID) === upload.studyUID))
    mismatches.push('This study is already in the archive: accepting adds to it or replaces its instances');
  if (upload.patientID === undefined) {
    warnings.push('The study has no Patient ID: set one when accepting it');
    return { warnings, mismatches };
  }
  const samePatient = await backend.search(studySearch([{ path: [PATIENT_ID], value: upload.patientID }]), context);
  // `*` and `?` in a Patient ID are wildcards to QIDO-RS: only exact matches count.
  const known = samePatient.datasets.filter((d) => firstString(d, PATIENT_ID)?.trim() === upload.patientID);
  const names = distinct(known.map((d) => clean(firstString(d, PATIENT_NAME))));
  const births = distinct(known.map((d) => clean(firstString(d, BIRTH_DATE))));
  const otherNames = names.filter((name) => upload.patientName !== undefined && !sameName(name, upload.patientName));
  const otherBirths = births.filter((date) => upload.birthDate !== undefined && date !== upload.birthDate);
  if (otherNames.length > 0)
    mismatches.push(
      `Patient ID ${upload.patientID} is in the archive under another name (${otherNames.join('; ')}), not ${upload.patientName ?? ''}`,
    );
  if (otherBirths.length > 0)
    mismatches.push(
      `Patient ID ${upload.patientID} is in the archive with another birth date (${otherBirths.join(', ')}), not ${upload.birthDate ?? ''}`,
    );
  return { warnings, mismatches };
}

function clean(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === '' ? undefined : trimmed;
}

function distinct(values: (string | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== undefined))];
}

/** PN values compared without case and trailing empty components ("DOE^JOHN^^" is "Doe^John"). */
function sameName(a: string, b: string): boolean {
  const norm = (name: string) => name.toUpperCase().replace(/\^+$/, '').trim();
  return norm(a) === norm(b);
}
