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
  | 'study.downloaded';

export type AuditActor =
  | { kind: 'staff'; id: string; name: string }
  /** A link recipient: known only by the share and the share session (its hash prefix). */
  | { kind: 'share'; id: string; name: string }
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
