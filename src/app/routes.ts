import { PATIENT_VIEWER_PATH, VIEWER_PATH } from '../api/bootstrap';

/** Paths of the app's routes, in one place so links and tests agree. */

export const STUDY_LIST_PATH = '/';
// The viewer's routes are also the gateway's: it puts the opening image's picture into their pages.
export { PATIENT_VIEWER_PATH, VIEWER_PATH };
/** Sign-in; `?next=<path>` is where to go back to. */
export const LOGIN_PATH = '/login';
/** The signed-in reader's share links ("My shares"). */
export const SHARES_PATH = '/shares';
/** A patient's own studies, under a patient session (opened at the gateway's /p pages). */
export const PATIENT_PATH = '/patient';
/** Staff: the patient links they made, and a new one's printable handout. */
export const PATIENT_LINKS_PATH = '/patient-links';
/** The page of someone sending images through an upload link (opened at the gateway's /u/<token>). */
export const UPLOAD_PATH = '/upload';
/** Staff: the upload links they made. */
export const UPLOAD_LINKS_PATH = '/upload-links';
/** Staff: studies received through upload links, waiting for review. */
export const INCOMING_PATH = '/incoming';
/** DICOM files from this device, shown in the viewer without uploading them; open to anyone, signed in or not. */
export const LOCAL_PATH = '/local';

/** The viewer for one or more studies: `/viewer?StudyInstanceUIDs=1.2.3` (comma-separated, as OHIF spells it). */
export function viewerPath(...studyInstanceUIDs: string[]): string {
  return `${VIEWER_PATH}?${new URLSearchParams({ StudyInstanceUIDs: studyInstanceUIDs.join(',') })}`;
}

/** The patient's viewer for one or more of their studies. */
export function patientViewerPath(...studyInstanceUIDs: string[]): string {
  return `${PATIENT_VIEWER_PATH}?${new URLSearchParams({ StudyInstanceUIDs: studyInstanceUIDs.join(',') })}`;
}

/** The handout of a patient link just created (only this browser holds its access code, in memory). */
export function patientHandoutPath(linkId: string): string {
  return `${PATIENT_LINKS_PATH}/${encodeURIComponent(linkId)}/handout`;
}
