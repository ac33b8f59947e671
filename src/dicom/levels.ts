/**
 * Which attributes live at which level of the Patient/Study/Series/Instance model (PS3.3 C.7,
 * PS3.4 C.6.1.1): the archive keeps study and series attributes once per study and series,
 * QIDO-RS knows where to match a key, and the share guard knows what a study row may carry.
 */
import type { DicomJsonDataset } from './json';
import type { Tag } from './tags';

export type Level = 'study' | 'series' | 'instance';

/** Patient (group 0010) and General/Patient Study module attributes. */
const STUDY_TAGS = new Set<Tag>([
  '00080020', // StudyDate
  '00080030', // StudyTime
  '00080050', // AccessionNumber
  '00080051', // IssuerOfAccessionNumberSequence
  '00080061', // ModalitiesInStudy (computed)
  '00080062', // SOPClassesInStudy (computed)
  '00080090', // ReferringPhysicianName
  '00080096', // ReferringPhysicianIdentificationSequence
  '00081030', // StudyDescription
  '00081032', // ProcedureCodeSequence
  '00081048', // PhysiciansOfRecord
  '00081060', // NameOfPhysiciansReadingStudy
  '00081080', // AdmittingDiagnosesDescription
  '00081110', // ReferencedStudySequence
  '0020000D', // StudyInstanceUID
  '00200010', // StudyID
  '00201206', // NumberOfStudyRelatedSeries (computed)
  '00201208', // NumberOfStudyRelatedInstances (computed)
  '00321032', // RequestingPhysician
  '00321060', // RequestedProcedureDescription
  '00321064', // RequestedProcedureCodeSequence
  '00380010', // AdmissionID
  '00401012', // ReasonForPerformedProcedureCodeSequence
]);

/** General Series, General Equipment and Frame of Reference module attributes. */
const SERIES_TAGS = new Set<Tag>([
  '00080021', // SeriesDate
  '00080031', // SeriesTime
  '00080060', // Modality
  '00080070', // Manufacturer
  '00080080', // InstitutionName
  '00081010', // StationName
  '0008103E', // SeriesDescription
  '0008103F', // SeriesDescriptionCodeSequence
  '00081040', // InstitutionalDepartmentName
  '00081050', // PerformingPhysicianName
  '00081070', // OperatorsName
  '00081090', // ManufacturerModelName
  '00081111', // ReferencedPerformedProcedureStepSequence
  '00180015', // BodyPartExamined
  '00181030', // ProtocolName
  '00185100', // PatientPosition
  '0020000E', // SeriesInstanceUID
  '00200011', // SeriesNumber
  '00200052', // FrameOfReferenceUID
  '00200060', // Laterality
  '00201209', // NumberOfSeriesRelatedInstances (computed)
  '00400244', // PerformedProcedureStepStartDate
  '00400245', // PerformedProcedureStepStartTime
  '00400253', // PerformedProcedureStepID
  '00400254', // PerformedProcedureStepDescription
  '00400275', // RequestAttributesSequence
]);

/** Attributes every level repeats because they qualify the others (PS3.18 Tables 10.6.3-3 to -5). */
const EVERY_LEVEL = new Set<Tag>(['00080005', '00080201']);

export function levelOf(tag: Tag): Level {
  if (tag.startsWith('0010') || STUDY_TAGS.has(tag)) return 'study';
  if (SERIES_TAGS.has(tag)) return 'series';
  return 'instance';
}

/** The study-level or series-level attributes of an instance, for the study and series rows. */
export function levelAttributes(dataset: DicomJsonDataset, level: 'study' | 'series'): DicomJsonDataset {
  const out: DicomJsonDataset = {};
  for (const [tag, element] of Object.entries(dataset)) {
    if (EVERY_LEVEL.has(tag) || levelOf(tag) === level) out[tag] = element;
  }
  return out;
}
