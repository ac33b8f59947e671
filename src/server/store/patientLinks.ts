import type { Exec } from './connection';
import type { Db } from './database';

/**
 * A patient's access link: every study of one Patient ID, or chosen studies, opened by the
 * patient's birth date (or a staff-set passcode when the data has none). Token and access code
 * are stored as SHA-256 only; the birth date as SHA-256(id + ':' + YYYYMMDD).
 */
export interface PatientLink {
  id: string;
  tokenHash: string;
  accessCodeHash: string;
  createdBy: string;
  createdByName: string;
  /** Scope A: every study of this Patient ID (exact match). */
  patientID: string | undefined;
  /** Scope B: the chosen studies. */
  studyInstanceUIDs: string[] | undefined;
  /** From the data at creation, for display. */
  patientName: string;
  birthDateHash: string | undefined;
  passcodeHash: string | undefined;
  allowDownload: boolean;
  /** Wrong answers in a row since the last right one or the last lock. */
  failures: number;
  lockedUntil: number | undefined;
  /** When the patient last proved who they are. */
  lastOpenedAt: number | undefined;
  createdAt: number;
  expiresAt: number;
  revokedAt: number | undefined;
  revokedBy: string | undefined;
}

export type NewPatientLink = Omit<PatientLink, 'failures' | 'lockedUntil' | 'lastOpenedAt' | 'revokedAt' | 'revokedBy'>;

export interface LockoutPolicy {
  /** Wrong answers in a row that lock the link… */
  maxFailures: number;
  /** …for this long. */
  lockMs: number;
}

/** What one answer did to the link. */
export type AttemptOutcome =
  | { kind: 'right' }
  | { kind: 'wrong'; triesLeft: number }
  /** `lockedNow`: this very answer was the last wrong one allowed. */
  | { kind: 'locked'; lockedUntil: number; lockedNow: boolean };

export interface AttemptState {
  failures: number;
  lockedUntil: number | undefined;
}

/**
 * The lockout rule, pure: a lock in force refuses every answer, the right one too; a right answer
 * clears the count; the last allowed wrong one sets the lock and starts the count again.
 */
export function settleAttempt(
  state: AttemptState,
  right: boolean,
  now: number,
  policy: LockoutPolicy,
): { outcome: AttemptOutcome; next: AttemptState } {
  if (state.lockedUntil !== undefined && state.lockedUntil > now)
    return { outcome: { kind: 'locked', lockedUntil: state.lockedUntil, lockedNow: false }, next: state };
  if (right) return { outcome: { kind: 'right' }, next: { failures: 0, lockedUntil: undefined } };
  const failures = state.failures + 1;
  if (failures >= policy.maxFailures) {
    const lockedUntil = now + policy.lockMs;
    return { outcome: { kind: 'locked', lockedUntil, lockedNow: true }, next: { failures: 0, lockedUntil } };
  }
  return {
    outcome: { kind: 'wrong', triesLeft: policy.maxFailures - failures },
    next: { failures, lockedUntil: state.lockedUntil },
  };
}

interface PatientLinkRow {
  id: string;
  token_hash: string;
  access_code_hash: string;
  created_by: string;
  created_by_name: string;
  patient_id: string | null;
  study_uids: string | null;
  patient_name: string;
  birth_date_hash: string | null;
  passcode_hash: string | null;
  allow_download: number;
  failures: number;
  locked_until: number | null;
  last_opened_at: number | null;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
  revoked_by: string | null;
}

function toPatientLink(row: PatientLinkRow): PatientLink {
  return {
    id: row.id,
    tokenHash: row.token_hash,
    accessCodeHash: row.access_code_hash,
    createdBy: row.created_by,
    createdByName: row.created_by_name,
    patientID: row.patient_id ?? undefined,
    studyInstanceUIDs: row.study_uids === null ? undefined : (JSON.parse(row.study_uids) as string[]),
    patientName: row.patient_name,
    birthDateHash: row.birth_date_hash ?? undefined,
    passcodeHash: row.passcode_hash ?? undefined,
    allowDownload: row.allow_download === 1,
    failures: row.failures,
    lockedUntil: row.locked_until ?? undefined,
    lastOpenedAt: row.last_opened_at ?? undefined,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at ?? undefined,
    revokedBy: row.revoked_by ?? undefined,
  };
}

export interface PatientLinkStore {
  create(link: NewPatientLink): Promise<void>;
  get(id: string): Promise<PatientLink | undefined>;
  byTokenHash(tokenHash: string): Promise<PatientLink | undefined>;
  byAccessCodeHash(accessCodeHash: string): Promise<PatientLink | undefined>;
  /** Newest first; `createdBy` undefined lists everyone's. */
  list(createdBy: string | undefined): Promise<PatientLink[]>;
  /** Idempotent: true only for the call that revoked it. A revoked link stays revoked. */
  revoke(id: string, by: string, now: number): Promise<boolean>;
  /**
   * Settles one answer (birth date or passcode) atomically with settleAttempt: parallel answers
   * are counted one after the other, so no more than maxFailures wrong ones ever get through.
   * A right answer also records the time as lastOpenedAt.
   */
  settleAttempt(id: string, right: boolean, now: number, policy: LockoutPolicy): Promise<AttemptOutcome>;
}

export function patientLinkStore(db: Db, exec: Exec): PatientLinkStore {
  const insert = db.prepare(`INSERT INTO patient_links
    (id, token_hash, access_code_hash, created_by, created_by_name, patient_id, study_uids, patient_name, birth_date_hash, passcode_hash, allow_download, created_at, expires_at)
    VALUES (@id, @token_hash, @access_code_hash, @created_by, @created_by_name, @patient_id, @study_uids, @patient_name, @birth_date_hash, @passcode_hash, @allow_download, @created_at, @expires_at)`);
  const byId = db.prepare<[string], PatientLinkRow>('SELECT * FROM patient_links WHERE id = ?');
  const byToken = db.prepare<[string], PatientLinkRow>('SELECT * FROM patient_links WHERE token_hash = ?');
  const byCode = db.prepare<[string], PatientLinkRow>('SELECT * FROM patient_links WHERE access_code_hash = ?');
  const listAll = db.prepare<[], PatientLinkRow>('SELECT * FROM patient_links ORDER BY created_at DESC, id');
  const listMine = db.prepare<[string], PatientLinkRow>(
    'SELECT * FROM patient_links WHERE created_by = ? ORDER BY created_at DESC, id',
  );
  const revoke = db.prepare(
    'UPDATE patient_links SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL',
  );
  const setAttempts = db.prepare('UPDATE patient_links SET failures = ?, locked_until = ? WHERE id = ?');
  const opened = db.prepare('UPDATE patient_links SET last_opened_at = ? WHERE id = ?');
  const settle = db.transaction((id: string, right: boolean, now: number, policy: LockoutPolicy): AttemptOutcome => {
    const row = byId.get(id);
    // A link deleted meanwhile opens nothing.
    if (row === undefined) return { kind: 'locked', lockedUntil: now, lockedNow: false };
    const { outcome, next } = settleAttempt(
      { failures: row.failures, lockedUntil: row.locked_until ?? undefined },
      right,
      now,
      policy,
    );
    setAttempts.run(next.failures, next.lockedUntil ?? null, id);
    if (outcome.kind === 'right') opened.run(now, id);
    return outcome;
  });
  return {
    create: (link) =>
      exec(() => {
        insert.run({
          id: link.id,
          token_hash: link.tokenHash,
          access_code_hash: link.accessCodeHash,
          created_by: link.createdBy,
          created_by_name: link.createdByName,
          patient_id: link.patientID ?? null,
          study_uids: link.studyInstanceUIDs === undefined ? null : JSON.stringify(link.studyInstanceUIDs),
          patient_name: link.patientName,
          birth_date_hash: link.birthDateHash ?? null,
          passcode_hash: link.passcodeHash ?? null,
          allow_download: link.allowDownload ? 1 : 0,
          created_at: link.createdAt,
          expires_at: link.expiresAt,
        });
      }),
    get: (id) => exec(() => mapRow(byId.get(id))),
    byTokenHash: (tokenHash) => exec(() => mapRow(byToken.get(tokenHash))),
    byAccessCodeHash: (hash) => exec(() => mapRow(byCode.get(hash))),
    list: (createdBy) =>
      exec(() => (createdBy === undefined ? listAll.all() : listMine.all(createdBy)).map(toPatientLink)),
    revoke: (id, by, now) => exec(() => revoke.run(now, by, id).changes === 1),
    settleAttempt: (id, right, now, policy) => exec(() => settle.immediate(id, right, now, policy)),
  };
}

const mapRow = (row: PatientLinkRow | undefined) => row && toPatientLink(row);
