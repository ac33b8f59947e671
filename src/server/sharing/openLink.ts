import type { FastifyInstance } from 'fastify';
import { verifySecret } from '../security/passwords';
import { randomToken, sha256Hex } from '../security/tokens';
import type { PasscodePolicy, Share } from '../store/shares';
import { linkState } from './linkState';

/**
 * Five wrong passcodes lock a link for fifteen minutes; twenty over its life lock it until its
 * sender lifts the lock (without that budget a 30-day link would allow ~14,400 guesses).
 */
const PASSCODE_POLICY: PasscodePolicy = { maxAttempts: 5, lockMs: 15 * 60 * 1000, maxFailures: 20 };

type OpenOutcome =
  | { kind: 'opened'; sessionId: string; expiresAt: number }
  | { kind: 'refused'; state: 'revoked' | 'expired' | 'exhausted' }
  | { kind: 'locked'; lockedUntil: number }
  | { kind: 'blocked' }
  | { kind: 'passcode-needed' }
  | { kind: 'wrong-passcode'; attemptsLeft: number };

/**
 * Opening a link: state checks, the passcode with its per-link attempt counters, one counted open
 * and a new share session. Every outcome is audited, except a post without a passcode to a link
 * that needs one: that is the landing page again, not a guess.
 */
export async function openLink(
  app: FastifyInstance,
  share: Share,
  passcode: string | undefined,
  ip: string,
  sessionMs: number,
): Promise<OpenOutcome> {
  const studies = share.scope.studies.map((s) => s.study);
  const audit = (
    type: 'share.opened' | 'share.refused' | 'share.passcodeFailed' | 'share.lockedOut' | 'share.passcodeBlocked',
    detail: Record<string, string | number | null>,
  ) =>
    app.audit.record({
      type,
      outcome: type === 'share.opened' ? 'success' : 'failure',
      actor: { kind: 'share', id: share.id, name: `recipient of a link from ${share.senderName}` },
      ip,
      shareId: share.id,
      studies,
      detail,
    });

  const state = linkState(share, app.clock());
  if (state === 'revoked' || state === 'expired' || state === 'exhausted') {
    await audit('share.refused', { reason: state });
    return { kind: 'refused', state };
  }

  if (share.passcodeHash !== undefined && (passcode === undefined || passcode === ''))
    return { kind: 'passcode-needed' };
  if (share.passcodeHash !== undefined) {
    const gate = await app.store.shares.beginPasscodeAttempt(share.id, app.clock(), PASSCODE_POLICY);
    if (!gate.allowed && 'blocked' in gate) {
      await audit('share.refused', { reason: 'blocked' });
      return { kind: 'blocked' };
    }
    if (!gate.allowed) {
      if (gate.lockedNow) await audit('share.lockedOut', { lockedUntil: new Date(gate.lockedUntil).toISOString() });
      await audit('share.refused', { reason: 'locked' });
      return { kind: 'locked', lockedUntil: gate.lockedUntil };
    }
    const right = passcode !== undefined && (await verifySecret(passcode, share.passcodeHash));
    const settled = await app.store.shares.finishPasscodeAttempt(share.id, right, app.clock(), PASSCODE_POLICY);
    if (!right) {
      await audit('share.passcodeFailed', { reason: 'wrong passcode' });
      if (settled.blockedNow) {
        await audit('share.passcodeBlocked', { failures: PASSCODE_POLICY.maxFailures });
        return { kind: 'blocked' };
      }
      if (settled.lockedUntil !== undefined) {
        await audit('share.lockedOut', { lockedUntil: new Date(settled.lockedUntil).toISOString() });
        return { kind: 'locked', lockedUntil: settled.lockedUntil };
      }
      return { kind: 'wrong-passcode', attemptsLeft: settled.attemptsLeft };
    }
  }

  const now = app.clock();
  // Counted atomically against maxOpens: the last open cannot be taken twice by two instances.
  if (!(await app.store.shares.countOpen(share.id, now))) {
    const current = await app.store.shares.get(share.id);
    const latest = current === undefined ? 'revoked' : linkState(current, now);
    const refused = latest === 'active' || latest === 'locked' ? 'exhausted' : latest;
    await audit('share.refused', { reason: refused });
    return { kind: 'refused', state: refused };
  }
  const sessionId = randomToken(32);
  // A share session never outlives its share.
  const expiresAt = Math.min(now + sessionMs, share.expiresAt);
  await app.store.shareSessions.deleteExpired(now);
  await app.store.shareSessions.create({
    idHash: sha256Hex(sessionId),
    shareId: share.id,
    createdAt: now,
    expiresAt,
    ip,
  });
  await audit('share.opened', { opens: share.opens + 1, sessionExpiresAt: new Date(expiresAt).toISOString() });
  return { kind: 'opened', sessionId, expiresAt };
}
