import { ApiError } from '../api/apiClient';
import { describeShareError } from '../sharing/describeShareError';

/** Words for a refused patient link change, from the gateway's codes; the rest as for share links. */
export function describePatientLinkError(error: unknown): string {
  if (error instanceof ApiError) {
    switch (error.code) {
      case 'PASSCODE_REQUIRED':
        return 'These images have no birth date on record to check the patient against: set a passcode and give it to the patient.';
      case 'MIXED_PATIENTS':
        return 'The chosen studies belong to different patients. A patient link is for one patient: choose their studies only.';
      case 'STUDY_NOT_FOUND':
        return 'The archive has no study for this patient. Check the Patient ID.';
      case 'EXPIRY_TOO_LONG':
        return `The link would last too long: ${error.message}`;
    }
  }
  return describeShareError(error);
}
