import { firstString, type DicomJsonDataset } from '../json';

/** Patient and study attributes a document copies from the study it belongs to (never a new patient). */
export interface StudyContext {
  readonly studyInstanceUID: string;
  readonly patientName: string;
  readonly patientID: string;
  readonly patientBirthDate: string;
  readonly patientSex: string;
  readonly studyDate: string;
  readonly studyTime: string;
  readonly studyID: string;
  readonly accessionNumber: string;
  readonly referringPhysicianName: string;
  readonly studyDescription: string;
  readonly issuerOfPatientID?: string;
}

/** The study context from any instance of the study (DICOM JSON, as WADO-RS metadata gives it). */
export function studyContextOf(instance: DicomJsonDataset): StudyContext {
  const text = (tag: string) => firstString(instance, tag) ?? '';
  const issuerOfPatientID = firstString(instance, '00100021');
  return {
    studyInstanceUID: text('0020000D'),
    patientName: text('00100010'),
    patientID: text('00100020'),
    patientBirthDate: text('00100030'),
    patientSex: text('00100040'),
    studyDate: text('00080020'),
    studyTime: text('00080030'),
    studyID: text('00200010'),
    accessionNumber: text('00080050'),
    referringPhysicianName: text('00080090'),
    studyDescription: text('00081030'),
    ...(issuerOfPatientID === undefined ? {} : { issuerOfPatientID }),
  };
}
