/** Paths of the app's routes, in one place so links and tests agree. */

export const STUDY_LIST_PATH = '/';
export const VIEWER_PATH = '/viewer';
/** Sign-in; `?next=<path>` is where to go back to. */
export const LOGIN_PATH = '/login';
/** The signed-in reader's share links ("My shares"). */
export const SHARES_PATH = '/shares';

/** The viewer for one or more studies: `/viewer?StudyInstanceUIDs=1.2.3` (comma-separated, as OHIF spells it). */
export function viewerPath(...studyInstanceUIDs: string[]): string {
  return `${VIEWER_PATH}?${new URLSearchParams({ StudyInstanceUIDs: studyInstanceUIDs.join(',') })}`;
}
