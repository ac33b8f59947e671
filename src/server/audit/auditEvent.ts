/** Every kind of record in the audit trail. Names are past tense: they say what happened. */
export type AuditEventType =
  | 'setup.completed'
  | 'user.created'
  | 'login.succeeded'
  | 'login.failed'
  | 'login.throttled'
  | 'logout'
  | 'share.created'
  | 'share.revoked'
  | 'share.extended'
  | 'share.opened'
  | 'share.refused'
  | 'share.passcodeFailed'
  | 'share.lockedOut'
  | 'share.passcodeBlocked'
  | 'share.unlocked'
  /** A link recipient stored an SR/KOS reply into a shared study. */
  | 'share.replied'
  /** A radiologist stored an SR/KOS (their measurements, key images, report) into a study. */
  | 'report.saved'
  | 'request.denied'
  /** Made-up session cookies or link tokens from one address in one minute, as one count. */
  | 'credential.unknown'
  | 'study.accessed'
  /** A zip of instances left the gateway (staff, or a share that allows download). */
  | 'study.downloaded'
  | 'patient.linkCreated'
  | 'patient.linkRevoked'
  /** A patient proved who they are (birth date or passcode) and got a session. */
  | 'patient.opened'
  | 'patient.verifyFailed'
  /** The last wrong answer allowed: the patient link is locked for a while. */
  | 'patient.lockedOut'
  | 'upload.linkCreated'
  | 'upload.linkRevoked'
  /** One STOW-RS request under an upload link, with its counts: what it sent went to quarantine. */
  | 'upload.received'
  /** Staff moved a quarantined study into the archive (Patient ID reconciled when asked). */
  | 'upload.accepted'
  /** Staff deleted a quarantined study. */
  | 'upload.rejected';

export type AuditActor =
  | { kind: 'staff'; id: string; name: string }
  /** A link recipient: known only by the share and the share session (its hash prefix). */
  | { kind: 'share'; id: string; name: string }
  /** A patient: known by their patient link only. */
  | { kind: 'patient'; id: string; name: string }
  /** Whoever holds an upload link: known by the link and its label. */
  | { kind: 'upload'; id: string; name: string }
  | { kind: 'anonymous' }
  /** The gateway itself or an operator at the command line (first admin, user:add). */
  | { kind: 'system'; name: string };

export type AuditDetailValue = string | number | boolean | null | string[];

export interface AuditEvent {
  type: AuditEventType;
  outcome: 'success' | 'failure';
  actor: AuditActor;
  ip?: string;
  shareId?: string;
  studies?: string[];
  detail?: Record<string, AuditDetailValue>;
}
