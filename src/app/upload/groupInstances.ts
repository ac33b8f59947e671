import type { FoundInstance } from './scanFiles';

interface FoundSeries {
  uid: string;
  modality: string | undefined;
  description: string | undefined;
  number: number | undefined;
  /** By Instance Number, then path. */
  instances: FoundInstance[];
}

export interface FoundStudy {
  uid: string;
  date: string | undefined;
  description: string | undefined;
  /** By Series Number, then UID. */
  series: FoundSeries[];
  instanceCount: number;
}

export interface FoundPatient {
  id: string | undefined;
  name: string | undefined;
  birthDate: string | undefined;
  /** Newest first. */
  studies: FoundStudy[];
}

const byNumber = (a: number | undefined, b: number | undefined) =>
  (a ?? Number.MAX_SAFE_INTEGER) - (b ?? Number.MAX_SAFE_INTEGER);

/**
 * Patients → studies → series, as the sender checks them before sending. A study belongs to the
 * patient of its first file: one study is one upload, so it is never split between two patients.
 */
export function groupInstances(instances: readonly FoundInstance[]): FoundPatient[] {
  const studies = new Map<string, { patientKey: string; patient: FoundPatient; series: Map<string, FoundSeries> }>();
  const patients = new Map<string, FoundPatient>();
  const studyInfo = new Map<string, Pick<FoundStudy, 'date' | 'description'>>();
  for (const instance of instances) {
    const id = instance.identity;
    let study = studies.get(id.studyInstanceUID);
    if (!study) {
      const patientKey = `${id.patientID ?? ''}\u0000${id.patientName ?? ''}`;
      let patient = patients.get(patientKey);
      if (!patient) {
        patient = { id: id.patientID, name: id.patientName, birthDate: id.patientBirthDate, studies: [] };
        patients.set(patientKey, patient);
      }
      study = { patientKey, patient, series: new Map() };
      studies.set(id.studyInstanceUID, study);
      studyInfo.set(id.studyInstanceUID, { date: id.studyDate, description: id.studyDescription });
    }
    let series = study.series.get(id.seriesInstanceUID);
    if (!series) {
      series = {
        uid: id.seriesInstanceUID,
        modality: id.modality,
        description: id.seriesDescription,
        number: id.seriesNumber,
        instances: [],
      };
      study.series.set(id.seriesInstanceUID, series);
    }
    series.instances.push(instance);
  }
  for (const [uid, { patient, series }] of studies) {
    const list = [...series.values()].sort((a, b) => byNumber(a.number, b.number) || a.uid.localeCompare(b.uid));
    for (const one of list)
      one.instances.sort(
        (a, b) => byNumber(a.identity.instanceNumber, b.identity.instanceNumber) || a.path.localeCompare(b.path),
      );
    patient.studies.push({
      uid,
      ...studyInfo.get(uid)!,
      series: list,
      instanceCount: list.reduce((sum, one) => sum + one.instances.length, 0),
    });
  }
  for (const patient of patients.values())
    patient.studies.sort((a, b) => (b.date ?? '').localeCompare(a.date ?? '') || a.uid.localeCompare(b.uid));
  return [...patients.values()];
}
