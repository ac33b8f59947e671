import { firstString, type DicomJsonDataset } from '../../src/dicom/json';
import type { Documented } from './allowList';

/** QIDO-RS result sets that differ from Orthanc's for a documented reason. */

interface SearchResultContext {
  /** The request path below the DICOMweb root. */
  request: string;
  orthancOnly: DicomJsonDataset[];
  oursOnly: DicomJsonDataset[];
}

interface SearchResultRule extends Documented {
  matches(context: SearchResultContext): boolean;
}

/** A DICOM DA value (PS3.5 6.2): eight digits. ACR-NEMA "1994.11.05" is not one. */
const isDicomDate = (value: string | undefined) => value !== undefined && /^\d{8}$/.test(value);

export const SEARCH_RESULT_RULES: SearchResultRule[] = [
  {
    id: 'range-matches-empty-dates',
    endpoint: 'QIDO-RS',
    attribute: 'StudyDate range with an open start (StudyDate=-20000101)',
    orthanc: 'Also returns studies without a StudyDate and with ACR-NEMA dates ("1994.11.05")',
    secondRead: 'Only studies whose StudyDate is a date in the range',
    why: 'PS3.4 C.2.2.2.5: an empty value matches only universal keys unless emptyvaluematching=true (PS3.18 8.3.4.5); Orthanc compares strings, so "" and "1994.11.05" sort before 20000101',
    matches: ({ request, orthancOnly, oursOnly }) =>
      /StudyDate=-/.test(request) &&
      oursOnly.length === 0 &&
      orthancOnly.every((study) => !isDicomDate(firstString(study, '00080020'))),
  },
  {
    id: 'comma-list-on-non-uid',
    endpoint: 'QIDO-RS',
    attribute: 'ModalitiesInStudy=SR,ECG (comma list on a CS attribute)',
    orthanc: 'Studies with SR or with ECG',
    secondRead: 'No study (the value "SR,ECG" is matched as one code string)',
    why: 'PS3.18 8.3.4.1 allows comma lists for UID list matching only; several values of other attributes are separated by "\\" (PS3.4 C.2.2.2.8), which SecondRead supports',
    matches: ({ request, orthancOnly, oursOnly }) =>
      request.includes('ModalitiesInStudy=SR,ECG') && oursOnly.length === 0 && orthancOnly.length > 0,
  },
  {
    id: 'backslash-multiple-values',
    endpoint: 'QIDO-RS',
    attribute: 'ModalitiesInStudy=SR\\ECG (multiple values)',
    orthanc: 'No study',
    secondRead: 'Studies with SR or with ECG',
    why: 'PS3.4 C.2.2.2.8 multiple value matching: a key with "\\"-separated values matches any of them; Orthanc 1.10 matches the whole string',
    matches: ({ request, orthancOnly, oursOnly }) =>
      request.includes('ModalitiesInStudy=SR\\ECG') && orthancOnly.length === 0 && oursOnly.length > 0,
  },
];
