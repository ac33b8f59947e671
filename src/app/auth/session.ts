import { ApiError } from '../api/apiClient';
import type { PatientSessionInfo, ShareSessionInfo, StaffSession, UploadSessionInfo } from '../api/authApi';

/** Why a link recipient can no longer see the images. */
export type ShareEnd = 'revoked' | 'expired' | 'sessionEnded';

/** What the ended page says about the link: who sent it and until when. */
export type EndedShare = Pick<ShareSessionInfo, 'shareId' | 'senderName' | 'institution' | 'expiresAt'>;

/** The last link this browser opened and how it ended, remembered for after its cookie is gone. */
export interface RememberedEnd {
  reason: ShareEnd;
  share: EndedShare;
}

/**
 * Who this browser is to the gateway. A staff session wins over a share session (as on the
 * server); `shareEnded` keeps what the recipient was told before, so the page can name the date.
 */
export type Session =
  | { kind: 'checking' }
  | { kind: 'staff'; staff: StaffSession }
  | { kind: 'share'; share: ShareSessionInfo }
  | { kind: 'anonymous'; ended: boolean }
  | { kind: 'shareEnded'; reason: ShareEnd; share: EndedShare | undefined }
  | { kind: 'patient'; patient: PatientSessionInfo }
  | { kind: 'patientEnded'; reason: ShareEnd }
  | { kind: 'upload'; upload: UploadSessionInfo }
  /** The upload link this browser was sending through was revoked or expired. */
  | { kind: 'uploadEnded' }
  | { kind: 'unreachable'; error: ApiError };

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

const code = (error: unknown) => (error instanceof ApiError ? error.code : undefined);

/** A failure that says nothing about the session: the server or network did not answer properly. */
function isTransient(error: unknown): boolean {
  return !(error instanceof ApiError) || error.status === 0 || error.status >= 500;
}

/**
 * The session after asking /api/me and /api/share-session (at start, or after a request was
 * refused). `previous` decides what an expired cookie means: a recipient's viewing session that
 * ended, or a staff member who must sign in again. `remembered` is the link this browser last
 * opened: once its cookie is gone (the cookie ends with the link), a reload still shows how the
 * link ended instead of the staff sign-in page. For the same reason a cookie that went while the
 * viewer was open means an expired link once `now` is past its expiry.
 */
export function resolveSession(
  me: Outcome<StaffSession>,
  shared: Outcome<ShareSessionInfo>,
  previous: Session,
  remembered?: RememberedEnd,
  now = Date.now(),
): Session {
  if (me.ok) return { kind: 'staff', staff: me.value };
  if (shared.ok) return { kind: 'share', share: shared.value };
  const wasShare =
    (previous.kind === 'share' || previous.kind === 'shareEnded' ? previous.share : undefined) ?? remembered?.share;
  const reason = code(shared.error);
  if (reason === 'SHARE_REVOKED') return { kind: 'shareEnded', reason: 'revoked', share: wasShare };
  if (reason === 'SHARE_EXPIRED') return { kind: 'shareEnded', reason: 'expired', share: wasShare };
  if (previous.kind === 'share' || previous.kind === 'shareEnded') {
    // Any other answer means the recipient's cookie is gone; a blip of the network is not an end.
    if (isTransient(shared.error)) return previous;
    const reason =
      previous.kind === 'shareEnded' ? previous.reason : now >= previous.share.expiresAt ? 'expired' : 'sessionEnded';
    return { kind: 'shareEnded', reason, share: wasShare };
  }
  if (isTransient(me.error)) {
    if (previous.kind === 'staff') return previous;
    return {
      kind: 'unreachable',
      error: me.error instanceof ApiError ? me.error : new ApiError(0, 'SERVER_UNREACHABLE', 'No answer'),
    };
  }
  if (remembered !== undefined && previous.kind !== 'staff')
    return { kind: 'shareEnded', reason: remembered.reason, share: remembered.share };
  // A later check (the tab shown again) must not take "your session ended" back from the sign-in page.
  const wasEnded = previous.kind === 'staff' || (previous.kind === 'anonymous' && previous.ended);
  return { kind: 'anonymous', ended: wasEnded || code(me.error) === 'SESSION_EXPIRED' };
}

/**
 * The session from GET /api/patient-session, asked after /api/me and /api/share-session said no:
 * the patient's own, or how it ended (a patient who had one and lost it sees why, not the staff
 * sign-in). Undefined when this browser has nothing to do with a patient link.
 */
export function resolvePatient(
  patient: Outcome<PatientSessionInfo>,
  previous: Session,
  now = Date.now(),
): Session | undefined {
  if (patient.ok) return { kind: 'patient', patient: patient.value };
  const reason = code(patient.error);
  if (reason === 'LINK_REVOKED') return { kind: 'patientEnded', reason: 'revoked' };
  if (reason === 'LINK_EXPIRED') return { kind: 'patientEnded', reason: 'expired' };
  if (previous.kind === 'patientEnded') return previous;
  if (previous.kind !== 'patient') return undefined;
  if (isTransient(patient.error)) return previous;
  return { kind: 'patientEnded', reason: now >= previous.patient.expiresAt ? 'expired' : 'sessionEnded' };
}

/**
 * The session from GET /api/upload-session, asked last: someone sending images through an upload
 * link, or told that the link ended. Undefined when this browser has no upload link.
 */
export function resolveUpload(upload: Outcome<UploadSessionInfo>, previous: Session): Session | undefined {
  if (upload.ok) return { kind: 'upload', upload: upload.value };
  if (previous.kind === 'upload' || previous.kind === 'uploadEnded')
    return isTransient(upload.error) ? previous : { kind: 'uploadEnded' };
  const reason = code(upload.error);
  if (reason === 'LINK_REVOKED' || reason === 'LINK_EXPIRED') return { kind: 'uploadEnded' };
  return undefined;
}
