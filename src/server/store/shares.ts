import type { Exec } from './connection';
import type { Db } from './database';

/** One shared study and the series of it the link covers (all its series, or the chosen ones). */
export interface SharedStudy {
  study: string;
  series: string[];
}

/** What a link opens: data, not code (docs/design.md "Share links"). */
export interface ShareScope {
  studies: SharedStudy[];
  /** True when the sender picked series; study-level retrieves are then refused. */
  seriesScoped: boolean;
  allowDownload: boolean;
  /** The recipient may store SR/KOS replies into the shared studies (sharing/replyPolicy.ts). */
  allowReply: boolean;
}

export interface Share {
  id: string;
  tokenHash: string;
  createdBy: string;
  senderName: string;
  label: string | undefined;
  /** The sender's note or clinical question for the recipient: plain text, shown as text. */
  message: string | undefined;
  scope: ShareScope;
  passcodeHash: string | undefined;
  maxOpens: number | undefined;
  opens: number;
  lockedUntil: number | undefined;
  /** Wrong passcodes since the link was made (or its lock was lifted). */
  passcodeFailures: number;
  /** Set when wrong passcodes used up the link's budget: locked until the sender lifts it. */
  passcodeBlockedAt: number | undefined;
  createdAt: number;
  expiresAt: number;
  revokedAt: number | undefined;
  revokedBy: string | undefined;
  /**
   * The patient link a patient forwarded this share from (createdBy then names the link's
   * creator, as shares.created_by must name a user); unset for staff shares.
   */
  forwardedFrom?: string;
}

export type NewShare = Omit<
  Share,
  'opens' | 'lockedUntil' | 'passcodeFailures' | 'passcodeBlockedAt' | 'revokedAt' | 'revokedBy'
>;

interface ShareRow {
  id: string;
  token_hash: string;
  created_by: string;
  sender_name: string;
  label: string | null;
  message: string | null;
  scope: string;
  series_scoped: number;
  allow_download: number;
  allow_reply: number;
  passcode_hash: string | null;
  max_opens: number | null;
  opens: number;
  passcode_attempts: number;
  locked_until: number | null;
  passcode_failures: number;
  passcode_blocked_at: number | null;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
  revoked_by: string | null;
  forwarded_from: string | null;
}

function toShare(row: ShareRow): Share {
  return {
    id: row.id,
    tokenHash: row.token_hash,
    createdBy: row.created_by,
    senderName: row.sender_name,
    label: row.label ?? undefined,
    message: row.message ?? undefined,
    scope: {
      studies: JSON.parse(row.scope) as SharedStudy[],
      seriesScoped: row.series_scoped === 1,
      allowDownload: row.allow_download === 1,
      allowReply: row.allow_reply === 1,
    },
    passcodeHash: row.passcode_hash ?? undefined,
    maxOpens: row.max_opens ?? undefined,
    opens: row.opens,
    lockedUntil: row.locked_until ?? undefined,
    passcodeFailures: row.passcode_failures,
    passcodeBlockedAt: row.passcode_blocked_at ?? undefined,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at ?? undefined,
    revokedBy: row.revoked_by ?? undefined,
    ...(row.forwarded_from === null ? {} : { forwardedFrom: row.forwarded_from }),
  };
}

/** Outcome of asking for a passcode try: go ahead, the link is locked until then, or until its sender lifts the lock. */
export type AttemptGate =
  { allowed: true } | { allowed: false; lockedUntil: number; lockedNow: boolean } | { allowed: false; blocked: true };

export interface PasscodeSettled {
  /** Set when this wrong try locked the link. */
  lockedUntil: number | undefined;
  /** True when this wrong try used up the link's budget. */
  blockedNow: boolean;
  attemptsLeft: number;
}

export interface PasscodePolicy {
  /** Wrong tries in a row before a lock of lockMs. */
  maxAttempts: number;
  lockMs: number;
  /** Wrong tries over the link's life before it stays locked until its sender lifts the lock. */
  maxFailures: number;
}

export interface ShareStore {
  create(share: NewShare): Promise<void>;
  get(id: string): Promise<Share | undefined>;
  byTokenHash(tokenHash: string): Promise<Share | undefined>;
  /** Newest first; `createdBy` undefined lists everyone's. A staff member's own list leaves out patients' forwards. */
  list(createdBy: string | undefined): Promise<Share[]>;
  /** The shares a patient forwarded from one patient link, newest first. */
  listForwardedFrom(patientLinkId: string): Promise<Share[]>;
  /** Idempotent: true only for the call that revoked it. A revoked share stays revoked. */
  revoke(id: string, by: string, now: number): Promise<boolean>;
  setExpiry(id: string, expiresAt: number): Promise<void>;
  /** Counts one open if the link is live and under maxOpens, atomically across instances. */
  countOpen(id: string, now: number): Promise<boolean>;
  /**
   * Reserves one passcode try before the (slow) hash check, so parallel guesses cannot all slip
   * in before the counter moves. A lock that has run out is cleared here.
   */
  beginPasscodeAttempt(id: string, now: number, policy: PasscodePolicy): Promise<AttemptGate>;
  /** Settles a reserved try: right resets the counters; the last wrong one locks the link. */
  finishPasscodeAttempt(id: string, right: boolean, now: number, policy: PasscodePolicy): Promise<PasscodeSettled>;
  /** The sender lifts both locks and clears both counters; false when there is no such link. */
  unlock(id: string): Promise<boolean>;
}

export function shareStore(db: Db, exec: Exec): ShareStore {
  const insert = db.prepare(`INSERT INTO shares
    (id, token_hash, created_by, sender_name, label, message, scope, series_scoped, allow_download, allow_reply, passcode_hash, max_opens, created_at, expires_at, forwarded_from)
    VALUES (@id, @token_hash, @created_by, @sender_name, @label, @message, @scope, @series_scoped, @allow_download, @allow_reply, @passcode_hash, @max_opens, @created_at, @expires_at, @forwarded_from)`);
  const byId = db.prepare<[string], ShareRow>('SELECT * FROM shares WHERE id = ?');
  const byToken = db.prepare<[string], ShareRow>('SELECT * FROM shares WHERE token_hash = ?');
  const listAll = db.prepare<[], ShareRow>('SELECT * FROM shares ORDER BY created_at DESC, id');
  const listMine = db.prepare<[string], ShareRow>(
    'SELECT * FROM shares WHERE created_by = ? AND forwarded_from IS NULL ORDER BY created_at DESC, id',
  );
  const listForwarded = db.prepare<[string], ShareRow>(
    'SELECT * FROM shares WHERE forwarded_from = ? ORDER BY created_at DESC, id',
  );
  const revoke = db.prepare('UPDATE shares SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL');
  const setExpiry = db.prepare('UPDATE shares SET expires_at = ? WHERE id = ?');
  const countOpen = db.prepare(`UPDATE shares SET opens = opens + 1
    WHERE id = ? AND revoked_at IS NULL AND expires_at > ? AND (max_opens IS NULL OR opens < max_opens)`);
  const attempts = db.prepare<
    [string],
    {
      passcode_attempts: number;
      locked_until: number | null;
      passcode_failures: number;
      passcode_blocked_at: number | null;
    }
  >('SELECT passcode_attempts, locked_until, passcode_failures, passcode_blocked_at FROM shares WHERE id = ?');
  const setAttempts = db.prepare('UPDATE shares SET passcode_attempts = ?, locked_until = ? WHERE id = ?');
  const setFailures = db.prepare('UPDATE shares SET passcode_failures = ?, passcode_blocked_at = ? WHERE id = ?');
  const unlock = db.prepare(
    'UPDATE shares SET passcode_attempts = 0, locked_until = NULL, passcode_failures = 0, passcode_blocked_at = NULL WHERE id = ?',
  );

  const begin = db.transaction((id: string, now: number, policy: PasscodePolicy): AttemptGate => {
    const row = attempts.get(id);
    if (!row) return { allowed: false, lockedUntil: now, lockedNow: false };
    if (row.passcode_blocked_at !== null) return { allowed: false, blocked: true };
    if (row.locked_until !== null && row.locked_until > now)
      return { allowed: false, lockedUntil: row.locked_until, lockedNow: false };
    const used = row.locked_until === null ? row.passcode_attempts : 0;
    if (used >= policy.maxAttempts) {
      const lockedUntil = now + policy.lockMs;
      setAttempts.run(0, lockedUntil, id);
      return { allowed: false, lockedUntil, lockedNow: true };
    }
    setAttempts.run(used + 1, null, id);
    return { allowed: true };
  });
  const finish = db.transaction((id: string, right: boolean, now: number, policy: PasscodePolicy): PasscodeSettled => {
    const row = attempts.get(id);
    if (!row) return { lockedUntil: undefined, blockedNow: false, attemptsLeft: 0 };
    if (right) {
      setAttempts.run(0, null, id);
      setFailures.run(0, null, id);
      return { lockedUntil: undefined, blockedNow: false, attemptsLeft: policy.maxAttempts };
    }
    const failures = row.passcode_failures + 1;
    const blockedNow = failures >= policy.maxFailures && row.passcode_blocked_at === null;
    setFailures.run(failures, blockedNow ? now : row.passcode_blocked_at, id);
    if (blockedNow) return { lockedUntil: undefined, blockedNow, attemptsLeft: 0 };
    if (row.locked_until !== null) return { lockedUntil: undefined, blockedNow, attemptsLeft: 0 };
    if (row.passcode_attempts >= policy.maxAttempts) {
      const lockedUntil = now + policy.lockMs;
      setAttempts.run(0, lockedUntil, id);
      return { lockedUntil, blockedNow, attemptsLeft: 0 };
    }
    return { lockedUntil: undefined, blockedNow, attemptsLeft: policy.maxAttempts - row.passcode_attempts };
  });

  return {
    create: (share) =>
      exec(() => {
        insert.run({
          id: share.id,
          token_hash: share.tokenHash,
          created_by: share.createdBy,
          sender_name: share.senderName,
          label: share.label ?? null,
          message: share.message ?? null,
          scope: JSON.stringify(share.scope.studies),
          series_scoped: share.scope.seriesScoped ? 1 : 0,
          allow_download: share.scope.allowDownload ? 1 : 0,
          allow_reply: share.scope.allowReply ? 1 : 0,
          passcode_hash: share.passcodeHash ?? null,
          max_opens: share.maxOpens ?? null,
          created_at: share.createdAt,
          expires_at: share.expiresAt,
          forwarded_from: share.forwardedFrom ?? null,
        });
      }),
    get: (id) =>
      exec(() => {
        const row = byId.get(id);
        return row && toShare(row);
      }),
    byTokenHash: (tokenHash) =>
      exec(() => {
        const row = byToken.get(tokenHash);
        return row && toShare(row);
      }),
    list: (createdBy) => exec(() => (createdBy === undefined ? listAll.all() : listMine.all(createdBy)).map(toShare)),
    listForwardedFrom: (patientLinkId) => exec(() => listForwarded.all(patientLinkId).map(toShare)),
    revoke: (id, by, now) => exec(() => revoke.run(now, by, id).changes === 1),
    setExpiry: (id, expiresAt) => exec(() => void setExpiry.run(expiresAt, id)),
    countOpen: (id, now) => exec(() => countOpen.run(id, now).changes === 1),
    beginPasscodeAttempt: (id, now, policy) => exec(() => begin.immediate(id, now, policy)),
    finishPasscodeAttempt: (id, right, now, policy) => exec(() => finish.immediate(id, right, now, policy)),
    unlock: (id) => exec(() => unlock.run(id).changes === 1),
  };
}
