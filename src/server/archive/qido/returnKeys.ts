/** Return attributes of QIDO-RS answers, by level (the level model itself is src/dicom/levels.ts). */
import type { Level } from '../../../dicom/levels';
import type { Tag } from '../../../dicom/tags';

/** Return attributes QIDO-RS must send at each level (PS3.18 Tables 10.6.3-3, -4 and -5). */
export const REQUIRED_RETURN_KEYS: Record<Level, Tag[]> = {
  study: [
    '00080020', // StudyDate
    '00080030', // StudyTime
    '00080050', // AccessionNumber
    '00080056', // InstanceAvailability
    '00080061', // ModalitiesInStudy
    '00080090', // ReferringPhysicianName
    '00081030', // StudyDescription (not required; every study list shows it)
    '00081190', // RetrieveURL
    '00100010', // PatientName
    '00100020', // PatientID
    '00100030', // PatientBirthDate
    '00100040', // PatientSex
    '0020000D', // StudyInstanceUID
    '00200010', // StudyID
    '00201206', // NumberOfStudyRelatedSeries
    '00201208', // NumberOfStudyRelatedInstances
  ],
  series: [
    '00080060', // Modality
    '0008103E', // SeriesDescription
    '00081190', // RetrieveURL
    '0020000E', // SeriesInstanceUID
    '00200011', // SeriesNumber
    '00201209', // NumberOfSeriesRelatedInstances
    '00400244', // PerformedProcedureStepStartDate
    '00400245', // PerformedProcedureStepStartTime
    '00400275', // RequestAttributesSequence
  ],
  instance: [
    '00080016', // SOPClassUID
    '00080018', // SOPInstanceUID
    '00080056', // InstanceAvailability
    '00081190', // RetrieveURL
    '00200013', // InstanceNumber
    '00280010', // Rows
    '00280011', // Columns
    '00280100', // BitsAllocated
    '00280008', // NumberOfFrames
  ],
};

/** Sent when present, never as empty placeholders. */
export const CONDITIONAL_RETURN_KEYS: Tag[] = ['00080005', '00080201'];
