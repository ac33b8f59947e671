import { describe, expect, it } from 'vitest';
import { settleAttempt, type AttemptState } from '../store/patientLinks';
import { displayName, patientIdentity, realBirthDate } from './patientStudies';
import { birthDateHash, normaliseBirthDate, PATIENT_LOCKOUT } from './patientVerify';

const T0 = Date.UTC(2026, 0, 1, 14, 20);
const MIN = 60_000;

describe('the lockout rule', () => {
  const fresh: AttemptState = { failures: 0, lockedUntil: undefined };
  const run = (answers: boolean[], start = fresh, now = T0) => {
    let state = start;
    return answers.map((right) => {
      const { outcome, next } = settleAttempt(state, right, now, PATIENT_LOCKOUT);
      state = next;
      return { outcome, state };
    });
  };

  it('counts down four wrong answers, and the fifth locks for 15 minutes', () => {
    const steps = run([false, false, false, false, false]);
    expect(steps.slice(0, 4).map((s) => s.outcome)).toEqual(
      [4, 3, 2, 1].map((triesLeft) => ({ kind: 'wrong', triesLeft })),
    );
    expect(steps[4]!.outcome).toEqual({ kind: 'locked', lockedUntil: T0 + 15 * MIN, lockedNow: true });
    expect(steps[4]!.state).toEqual({ failures: 0, lockedUntil: T0 + 15 * MIN });
  });

  it('refuses the right answer while locked (the 6th try), and takes it once the lock ran out', () => {
    const locked = run([false, false, false, false, false]).at(-1)!.state;
    const sixth = settleAttempt(locked, true, T0 + 14 * MIN, PATIENT_LOCKOUT);
    expect(sixth.outcome).toEqual({ kind: 'locked', lockedUntil: T0 + 15 * MIN, lockedNow: false });
    expect(sixth.next).toBe(locked);
    expect(settleAttempt(locked, true, T0 + 15 * MIN, PATIENT_LOCKOUT).outcome).toEqual({ kind: 'right' });
  });

  it('a right answer clears the count: only wrong answers in a row lock', () => {
    const steps = run([false, false, false, false, true, false, false, false, false]);
    expect(steps.map((s) => s.outcome.kind)).toEqual([
      'wrong',
      'wrong',
      'wrong',
      'wrong',
      'right',
      'wrong',
      'wrong',
      'wrong',
      'wrong',
    ]);
  });

  it('after a lock runs out, five more wrong answers are needed to lock again', () => {
    const locked = run([false, false, false, false, false]).at(-1)!.state;
    const after = run([false, false, false, false, false], locked, T0 + 16 * MIN);
    expect(after.map((s) => s.outcome.kind)).toEqual(['wrong', 'wrong', 'wrong', 'wrong', 'locked']);
  });
});

describe('birth dates', () => {
  it('reads year-first dates as the date picker and people type them', () => {
    expect(normaliseBirthDate('1980-02-15')).toBe('19800215');
    expect(normaliseBirthDate(' 1980/2/5 ')).toBe('19800205');
    expect(normaliseBirthDate('19800215')).toBe('19800215');
    expect(normaliseBirthDate('1980.02.15')).toBe('19800215');
  });

  it('refuses day-first or month-first dates, impossible days and junk', () => {
    for (const typed of ['15/02/1980', '02/15/1980', '1980-02-30', '1980-13-01', '', 'yesterday', '1980-02-15T00:00'])
      expect(normaliseBirthDate(typed), typed).toBeUndefined();
  });

  it('treats placeholder dates in the data as none', () => {
    expect(realBirthDate('00000000')).toBeUndefined();
    expect(realBirthDate('11111111')).toBeUndefined();
    expect(realBirthDate('19500704')).toBe('19500704');
    expect(realBirthDate(undefined)).toBeUndefined();
  });

  it('are hashed with the link id, so one date hashes differently on two links', () => {
    expect(birthDateHash('a', '19800215')).not.toBe(birthDateHash('b', '19800215'));
    expect(birthDateHash('a', '19800215')).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('patient identity at link creation', () => {
  const facts = (patientID: string, birthDate: string | undefined, study = `1.${Math.random()}`) => ({
    study,
    patientID,
    patientName: 'Doe^Jane',
    birthDate,
  });

  it('one patient, one birth date', () => {
    expect(patientIdentity([facts('P1', '19800215'), facts('P1', undefined)])).toEqual({
      patientName: 'Jane Doe',
      birthDate: '19800215',
    });
  });

  it('no birth date, or studies that disagree on it: none (a passcode is then needed)', () => {
    expect(patientIdentity([facts('P1', undefined)]).birthDate).toBeUndefined();
    expect(patientIdentity([facts('P1', '19800215'), facts('P1', '19800216')]).birthDate).toBeUndefined();
  });

  it('refuses no study and studies of two patients', () => {
    expect(() => patientIdentity([])).toThrow(expect.objectContaining({ status: 404, code: 'STUDY_NOT_FOUND' }));
    expect(() => patientIdentity([facts('P1', undefined), facts('P2', undefined)])).toThrow(
      expect.objectContaining({ status: 400, code: 'MIXED_PATIENTS' }),
    );
  });

  it('shows person names the way people write them', () => {
    expect(displayName('Doe^Jane^Ann^Dr')).toBe('Dr Jane Ann Doe');
    expect(displayName('Buc^Jérôme')).toBe('Jérôme Buc');
    expect(displayName('Yamada^Tarou=山田^太郎')).toBe('Tarou Yamada');
    expect(displayName('')).toBe('');
  });
});
