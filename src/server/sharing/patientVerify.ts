import type { FastifyInstance } from 'fastify';
import { patientActor } from '../audit/actorOf';
import { verifySecret } from '../security/passwords';
import { randomToken, secretsEqual, sha256Hex } from '../security/tokens';
import type { LockoutPolicy, PatientLink } from '../store/patientLinks';
import type { SharedStudy } from '../store/shares';
import { realBirthDate } from './patientStudies';

/** Five wrong answers in a row lock a patient link for fifteen minutes (issue 12). */
export const PATIENT_LOCKOUT: LockoutPolicy = { maxFailures: 5, lockMs: 15 * 60 * 1000 };

/** What the patient typed: the birth date (YYYY-MM-DD from a date input, or typed) and a passcode. */
interface PatientAnswers {
  birthDate: string | undefined;
  passcode: string | undefined;
}

export type VerifyOutcome =
  | { kind: 'opened'; sessionId: string; expiresAt: number }
  | { kind: 'refused'; state: 'revoked' | 'expired' }
  | { kind: 'locked'; lockedUntil: number }
  /** Something the link asks for is missing or is no date at all: the form again, not a guess. */
  | { kind: 'incomplete'; problem: string | undefined }
  | { kind: 'wrong'; triesLeft: number };

/** The stored form of a birth date: salted with the link id, so equal dates differ between links. */
export const birthDateHash = (linkId: string, yyyymmdd: string) => sha256Hex(`${linkId}:${yyyymmdd}`);

/**
 * Whether a study may join a link's scope: a Patient ID is not a person (IDs get reused and mistyped),
 * so a study that names another birth date than the one the patient proved stays out.
 */
export const sameBirthDate = (link: PatientLink, studyBirthDate: string | undefined): boolean =>
  link.birthDateHash === undefined ||
  studyBirthDate === undefined ||
  secretsEqual(birthDateHash(link.id, studyBirthDate), link.birthDateHash);

/**
 * A typed birth date → YYYYMMDD, or undefined. Only year-first forms are read (2024-03-05,
 * 2024/03/05, 20240305): day-first and month-first dates look alike, and a guess would be a wrong try.
 */
export function normaliseBirthDate(typed: string): string | undefined {
  const match = /^(\d{4})[-/. ]?(\d{1,2})[-/. ]?(\d{1,2})$/.exec(typed.trim());
  if (match === null) return undefined;
  const [, y, m, d] = match;
  return realBirthDate(`${y}${m!.padStart(2, '0')}${d!.padStart(2, '0')}`);
}

/**
 * A patient proving who they are under one link: state, the lock, the answers (birth date, and
 * the passcode when the link has one), one atomic count of the try, and a new patient session.
 * The lock is checked first, so while it lasts even the right answer is refused.
 */
export async function verifyPatient(
  app: FastifyInstance,
  link: PatientLink,
  answers: PatientAnswers,
  ip: string,
  sessionMs: number,
  studiesNow: () => Promise<SharedStudy[]>,
): Promise<VerifyOutcome> {
  const audit = (
    type: 'patient.opened' | 'patient.verifyFailed' | 'patient.lockedOut',
    detail: Record<string, string | number | null>,
    studies?: string[],
  ) =>
    app.audit.record({
      type,
      outcome: type === 'patient.opened' ? 'success' : 'failure',
      actor: patientActor(link.id),
      ip,
      studies,
      detail,
    });

  const now = app.clock();
  if (link.revokedAt !== undefined || now >= link.expiresAt) {
    const state = link.revokedAt !== undefined ? 'revoked' : 'expired';
    await audit('patient.verifyFailed', { reason: state });
    return { kind: 'refused', state };
  }
  if (link.lockedUntil !== undefined && link.lockedUntil > now) {
    await audit('patient.verifyFailed', { reason: 'locked' });
    return { kind: 'locked', lockedUntil: link.lockedUntil };
  }

  const typedDate = answers.birthDate?.trim() ?? '';
  const typedPasscode = answers.passcode ?? '';
  if (link.birthDateHash !== undefined && typedDate === '') return { kind: 'incomplete', problem: undefined };
  if (link.passcodeHash !== undefined && typedPasscode === '') return { kind: 'incomplete', problem: undefined };
  const birthDate = typedDate === '' ? undefined : normaliseBirthDate(typedDate);
  if (link.birthDateHash !== undefined && birthDate === undefined)
    return { kind: 'incomplete', problem: 'Enter the date of birth as year, month and day, like 1980-02-15.' };

  const dateRight =
    link.birthDateHash === undefined || secretsEqual(birthDateHash(link.id, birthDate!), link.birthDateHash);
  const passcodeRight = link.passcodeHash === undefined || (await verifySecret(typedPasscode, link.passcodeHash));
  const outcome = await app.store.patientLinks.settleAttempt(
    link.id,
    dateRight && passcodeRight,
    app.clock(),
    PATIENT_LOCKOUT,
  );
  switch (outcome.kind) {
    case 'locked':
      if (outcome.lockedNow) {
        await audit('patient.verifyFailed', { reason: 'wrong answer' });
        await audit('patient.lockedOut', { lockedUntil: new Date(outcome.lockedUntil).toISOString() });
      } else {
        await audit('patient.verifyFailed', { reason: 'locked' });
      }
      return { kind: 'locked', lockedUntil: outcome.lockedUntil };
    case 'wrong':
      await audit('patient.verifyFailed', { reason: 'wrong answer', triesLeft: outcome.triesLeft });
      return { kind: 'wrong', triesLeft: outcome.triesLeft };
    case 'right':
      break;
  }

  const studies = await studiesNow();
  const openedAt = app.clock();
  const sessionId = randomToken(32);
  // A patient session never outlives its link.
  const expiresAt = Math.min(openedAt + sessionMs, link.expiresAt);
  await app.store.patientSessions.deleteExpired(openedAt);
  await app.store.patientSessions.create({
    idHash: sha256Hex(sessionId),
    linkId: link.id,
    csrfToken: randomToken(32),
    studies,
    createdAt: openedAt,
    expiresAt,
    ip,
  });
  await audit(
    'patient.opened',
    { sessionExpiresAt: new Date(expiresAt).toISOString() },
    studies.map((s) => s.study),
  );
  return { kind: 'opened', sessionId, expiresAt };
}
