import type { Session } from '../auth/session';

/** One zip the browser can fetch: a plain link, so the file streams to disk instead of through script memory. */
interface DownloadLink {
  href: string;
  label: string;
}

/**
 * Whether this browser may download and print: staff always; a link recipient or a patient only
 * when the link allows it (the gateway refuses the zip and whole instances otherwise, whatever the UI shows).
 */
export function mayDownload(session: Session): boolean {
  return (
    session.kind === 'staff' ||
    (session.kind === 'share' && session.share.allowDownload) ||
    (session.kind === 'patient' && session.patient.allowDownload)
  );
}

/**
 * The zips on offer (GET /api/share-session/download for a recipient, which holds exactly the
 * shared studies and series; GET /api/studies/{uid}/download per study for staff and patients).
 */
export function downloadLinks(session: Session, studyUids: readonly string[]): DownloadLink[] {
  if (!mayDownload(session)) return [];
  if (session.kind === 'share') return [{ href: '/api/share-session/download', label: 'Shared images (DICOM zip)' }];
  return studyUids.map((uid, index) => ({
    href: `/api/studies/${encodeURIComponent(uid)}/download`,
    label: studyUids.length === 1 ? 'Study (DICOM zip)' : `Study ${index + 1} (DICOM zip)`,
  }));
}
