import { readFileSync } from 'node:fs';
import path from 'node:path';
import dcmjs from 'dcmjs';
import type { Archive } from '../../../src/server/archive/archive';
import { newUid } from '../replyInstances';
import type { Client } from './harness';

/** A small corpus image (DX, MONOCHROME1) that every made-up patient study below is a copy of. */
const BASE = 'kinds/monochrome1/dx-mono1-8bit-small.dcm';

interface MadeUpPatient {
  patientID: string;
  patientName: string;
  /** YYYYMMDD, or '' for none. */
  birthDate: string;
}

export interface MadeUpStudy extends MadeUpPatient {
  study: string;
  series: string;
  instance: string;
}

/**
 * Copies of one corpus image as studies of patients the tests make up (patient links need
 * Patient IDs with several studies, birth dates, and IDs with `*` and `?` in them, which the
 * corpus lacks): each gets new Study/Series/SOP Instance UIDs and the patient's identity.
 */
export function patientStudyBytes(corpusDir: string, patient: MadeUpPatient): { bytes: Uint8Array; made: MadeUpStudy } {
  const { DicomMessage, DicomMetaDictionary } = dcmjs.data;
  const bytes = readFileSync(path.join(corpusDir, BASE));
  const file = DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const data = DicomMetaDictionary.naturalizeDataset(file.dict);
  const made = { ...patient, study: newUid(), series: newUid(), instance: newUid() };
  Object.assign(data, {
    PatientID: patient.patientID,
    PatientName: patient.patientName,
    PatientBirthDate: patient.birthDate,
    StudyInstanceUID: made.study,
    SeriesInstanceUID: made.series,
    SOPInstanceUID: made.instance,
  });
  file.meta['00020003'] = { vr: 'UI', Value: [made.instance] }; // MediaStorageSOPInstanceUID
  file.dict = DicomMetaDictionary.denaturalizeDataset(data);
  return { bytes: new Uint8Array(file.write()), made };
}

/** A made-up patient study (patientStudyBytes) stored in the embedded archive. */
export async function addPatientStudy(
  archive: Archive,
  corpusDir: string,
  patient: MadeUpPatient,
): Promise<MadeUpStudy> {
  const { bytes, made } = patientStudyBytes(corpusDir, patient);
  const outcome = await archive.ingest(bytes);
  if (!outcome.ok) throw new Error(`made-up study of ${patient.patientID} was not stored: ${outcome.reason}`);
  return made;
}

/** The parts of a created patient link the tests use. */
interface CreatedLink {
  id: string;
  token: string;
  accessCode: string;
  expiresAt: string;
  patientName: string;
  studyCount: number;
}

/** Creates a patient link as `staff` (a Client of the sharing harness); throws unless 201. */
export async function createPatientLink(staff: Client, body: Record<string, unknown>): Promise<CreatedLink> {
  const created = await staff.post('/api/patient-links', body);
  if (created.statusCode !== 201) throw new Error(`patient link not created: ${created.statusCode} ${created.body}`);
  const json = created.json<CreatedLink & { url: string }>();
  return { ...json, token: json.url.split('/p/')[1]! };
}

/** A form post as a browser sends it (application/x-www-form-urlencoded). */
export const form = (fields: Record<string, string>) => ({
  payload: new URLSearchParams(fields).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});
