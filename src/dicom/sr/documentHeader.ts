import type { Naturalized } from './srContent';
import type { StudyContext } from './studyContext';

/** What tells one of SecondRead's documents apart: its class, new UIDs, its series and when. */
interface DocumentIdentity {
  readonly sopClassUID: string;
  readonly sopInstanceUID: string;
  readonly seriesInstanceUID: string;
  readonly modality: 'SR' | 'KO';
  readonly seriesNumber: number;
  readonly seriesDescription: string;
  readonly now: Date;
}

const MANUFACTURER = 'SecondRead';

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** DA and TM of a moment, in the local time of whoever writes the document (PS3.5 6.2). */
function dicomDateTime(moment: Date): { date: string; time: string } {
  return {
    date: `${pad(moment.getFullYear(), 4)}${pad(moment.getMonth() + 1)}${pad(moment.getDate())}`,
    time: `${pad(moment.getHours())}${pad(moment.getMinutes())}${pad(moment.getSeconds())}`,
  };
}

/**
 * Patient, General Study, series, General Equipment and SOP Common attributes: patient and study
 * copied from the study (the reply joins it, never a new patient), the series and instance new.
 */
export function documentHeader(study: StudyContext, identity: DocumentIdentity): Naturalized {
  const { date, time } = dicomDateTime(identity.now);
  return {
    SpecificCharacterSet: 'ISO_IR 192',
    InstanceCreationDate: date,
    InstanceCreationTime: time,
    SOPClassUID: identity.sopClassUID,
    SOPInstanceUID: identity.sopInstanceUID,
    PatientName: study.patientName,
    PatientID: study.patientID,
    ...(study.issuerOfPatientID === undefined ? {} : { IssuerOfPatientID: study.issuerOfPatientID }),
    PatientBirthDate: study.patientBirthDate,
    PatientSex: study.patientSex,
    StudyInstanceUID: study.studyInstanceUID,
    StudyDate: study.studyDate,
    StudyTime: study.studyTime,
    StudyID: study.studyID,
    AccessionNumber: study.accessionNumber,
    ReferringPhysicianName: study.referringPhysicianName,
    ...(study.studyDescription ? { StudyDescription: study.studyDescription } : {}),
    Modality: identity.modality,
    SeriesInstanceUID: identity.seriesInstanceUID,
    SeriesNumber: identity.seriesNumber,
    SeriesDate: date,
    SeriesTime: time,
    // LO: a backslash would split the value (PS3.5 6.2), and at most 64 characters.
    SeriesDescription: identity.seriesDescription.replaceAll('\\', '/').slice(0, 64),
    ReferencedPerformedProcedureStepSequence: [],
    Manufacturer: MANUFACTURER,
    InstanceNumber: 1,
    ContentDate: date,
    ContentTime: time,
  };
}
