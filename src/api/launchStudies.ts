import { isUid } from '../dicom/uid';
import { PATIENT_VIEWER_PATH, VIEWER_PATH, type ProbeAnswer } from './bootstrap';

/** The studies a viewer URL names (`StudyInstanceUIDs`, comma-separated); empty when any is not a UID. */
export function viewerStudies(search: string): string[] {
  const uids = (new URLSearchParams(search).get('StudyInstanceUIDs') ?? '')
    .split(',')
    .map((uid) => uid.trim())
    .filter(Boolean);
  return uids.every(isUid) ? uids : [];
}

export const isViewerPath = (pathname: string) => pathname === VIEWER_PATH || pathname === PATIENT_VIEWER_PATH;

/** The studies a session answer lets this browser read; undefined for any study (staff). */
function readableStudies(answer: ProbeAnswer): ReadonlySet<string> | undefined | 'none' {
  const body = answer.body as { studies?: unknown };
  switch (answer.path) {
    case '/api/me':
      return undefined;
    case '/api/share-session':
      return new Set(
        Array.isArray(body.studies)
          ? body.studies.flatMap((study: { studyInstanceUID?: unknown }) =>
              typeof study.studyInstanceUID === 'string' ? [study.studyInstanceUID] : [],
            )
          : [],
      );
    case '/api/patient-session':
      return new Set(Array.isArray(body.studies) ? body.studies.filter((uid) => typeof uid === 'string') : []);
    case '/api/upload-session':
      return 'none';
  }
}

/**
 * The studies whose series lists (and first series' metadata) the entry chunk may ask for at once,
 * before the viewer's code arrives: those of a viewer URL that the inlined session may read. None
 * without a session, or for a study the session may not see: a refused request would only add
 * noise, and the viewer asks itself once the session is settled. The gateway names the first one's
 * picture in the page by the same rule (src/server/http/openingPicture.ts): where this is empty the
 * app shows something other than the viewer, which would never take the picture over.
 */
export function studiesToStartEarly(location: { pathname: string; search: string }, probes: readonly ProbeAnswer[]) {
  if (!isViewerPath(location.pathname)) return [];
  const session = probes.find((probe) => probe.status === 200);
  if (!session) return [];
  const readable = readableStudies(session);
  if (readable === 'none') return [];
  const studies = viewerStudies(location.search);
  return readable === undefined || studies.every((study) => readable.has(study)) ? studies : [];
}
