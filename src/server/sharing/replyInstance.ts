import { firstString, type DicomJsonDataset } from '../../dicom/json';
import { Part10Error, part10ToJson } from '../../dicom/part10Json';
import { HttpError } from '../errors';
import type { ReplyInstance } from './replyPolicy';

const SOP_CLASS = '00080016';
const SOP_INSTANCE = '00080018';
const STUDY = '0020000D';
const SERIES = '0020000E';
const PATIENT_NAME = '00100010';
const PATIENT_ID = '00100020';
const PATIENT_BIRTH_DATE = '00100030';
const REFERENCED_SOP_INSTANCE = '00081155';

const malformed = (part: number, message: string) =>
  new HttpError(400, 'MALFORMED_REPLY', `Part ${part} of the reply: ${message}`);

/**
 * The facts the reply policy needs from one part's Part 10 bytes. A deflated data set is refused
 * rather than inflated: a reply is a small report, and inflating is how a small body grows large.
 * Throws HttpError 400 MALFORMED_REPLY for a part that is not a DICOM instance with its UIDs.
 */
export function readReplyInstance(bytes: Uint8Array, part: number): ReplyInstance {
  let dataset: DicomJsonDataset;
  try {
    dataset = part10ToJson(bytes, {
      inflate: () => {
        throw new Part10Error('UNSUPPORTED_TRANSFER_SYNTAX', 'a reply may not use a deflated transfer syntax');
      },
    }).dataset;
  } catch (error) {
    if (error instanceof Part10Error) throw malformed(part, error.message);
    throw error;
  }
  const uid = (tag: string, name: string) => {
    const value = firstString(dataset, tag);
    if (value === undefined || value === '') throw malformed(part, `${name} is missing`);
    return value;
  };
  return {
    sopClassUID: uid(SOP_CLASS, 'SOPClassUID'),
    sopInstanceUID: uid(SOP_INSTANCE, 'SOPInstanceUID'),
    studyUID: uid(STUDY, 'StudyInstanceUID'),
    seriesUID: uid(SERIES, 'SeriesInstanceUID'),
    patient: patientOf(dataset),
    references: [...new Set(referencesIn(dataset))],
  };
}

/** PatientID, PatientName (its alphabetic group) and PatientBirthDate, '' where absent. */
export function patientOf(dataset: DicomJsonDataset) {
  return {
    patientID: firstString(dataset, PATIENT_ID) ?? '',
    patientName: firstString(dataset, PATIENT_NAME) ?? '',
    patientBirthDate: firstString(dataset, PATIENT_BIRTH_DATE) ?? '',
  };
}

/** Every ReferencedSOPInstanceUID value, at any depth of sequences. */
function* referencesIn(dataset: DicomJsonDataset): Generator<string> {
  for (const [tag, element] of Object.entries(dataset)) {
    for (const value of element.Value ?? []) {
      if (tag === REFERENCED_SOP_INSTANCE && typeof value === 'string') yield value;
      else if (element.vr === 'SQ' && value !== null && typeof value === 'object')
        yield* referencesIn(value as DicomJsonDataset);
    }
  }
}
