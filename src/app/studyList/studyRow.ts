import { firstNumber, firstString, type DicomJsonDataset } from '../../dicom/json';

/** One study as the list shows it, read from a QIDO-RS study result. */
export interface StudyRow {
  studyInstanceUID: string;
  patientName: string;
  patientId: string;
  /** DA (YYYYMMDD) or ''. */
  birthDate: string;
  sex: string;
  /** DA (YYYYMMDD) or ''. */
  studyDate: string;
  /** TM (HHMMSS.FFFFFF, possibly shortened) or ''. */
  studyTime: string;
  modalities: string[];
  description: string;
  accession: string;
  seriesCount: number | undefined;
  instanceCount: number | undefined;
}

const TAG = {
  StudyInstanceUID: '0020000D',
  PatientName: '00100010',
  PatientID: '00100020',
  PatientBirthDate: '00100030',
  PatientSex: '00100040',
  StudyDate: '00080020',
  StudyTime: '00080030',
  ModalitiesInStudy: '00080061',
  StudyDescription: '00081030',
  AccessionNumber: '00080050',
  NumberOfStudyRelatedSeries: '00201206',
  NumberOfStudyRelatedInstances: '00201208',
} as const;

/** Reads a result; undefined when it has no StudyInstanceUID, since such a study cannot be opened. */
export function studyRow(dataset: DicomJsonDataset): StudyRow | undefined {
  const studyInstanceUID = firstString(dataset, TAG.StudyInstanceUID);
  if (!studyInstanceUID) return undefined;
  const text = (tag: string) => firstString(dataset, tag)?.trim() ?? '';
  return {
    studyInstanceUID,
    patientName: text(TAG.PatientName),
    patientId: text(TAG.PatientID),
    birthDate: text(TAG.PatientBirthDate),
    sex: text(TAG.PatientSex),
    studyDate: text(TAG.StudyDate),
    studyTime: text(TAG.StudyTime),
    modalities: (dataset[TAG.ModalitiesInStudy]?.Value ?? []).filter(
      (v): v is string => typeof v === 'string' && v !== '',
    ),
    description: text(TAG.StudyDescription),
    accession: text(TAG.AccessionNumber),
    seriesCount: firstNumber(dataset, TAG.NumberOfStudyRelatedSeries),
    instanceCount: firstNumber(dataset, TAG.NumberOfStudyRelatedInstances),
  };
}
