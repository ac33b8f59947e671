import { describe, expect, it } from 'vitest';
import { newUid, replyInstance as replyBytes, SOP_CLASS } from '../../../test/support/replyInstances';
import { readReplyInstance } from './replyInstance';
import {
  judgeReply,
  REPLY_SOP_CLASSES,
  screenReply,
  type PatientFacts,
  type ReplyFacts,
  type ReplyInstance,
  type UploadScope,
} from './replyPolicy';

const A = '1.2.3.1';
const A1 = '1.2.3.1.1';
const A2 = '1.2.3.1.2';
const B = '1.2.3.2';
const B1 = '1.2.3.2.1';
const PATIENT: PatientFacts = { patientID: 'P1', patientName: 'Doe^Jane', patientBirthDate: '19700101' };

const wholeA: UploadScope = {
  studies: [{ study: A, series: [A1, A2] }],
  seriesScoped: false,
  name: 'this share',
};
const onlyA1: UploadScope = { ...wholeA, studies: [{ study: A, series: [A1] }], seriesScoped: true };

const sr = (over: Partial<ReplyInstance> = {}): ReplyInstance => ({
  sopClassUID: SOP_CLASS.comprehensiveSR,
  sopInstanceUID: '9.1',
  studyUID: A,
  seriesUID: '9',
  patient: PATIENT,
  references: ['1.2.3.1.1.1'],
  ...over,
});

const facts = (over: Partial<ReplyFacts> = {}): ReplyFacts => ({
  studies: new Map([[A, PATIENT]]),
  referenced: new Map([
    ['1.2.3.1.1.1', { study: A, series: A1 }],
    ['1.2.3.1.2.1', { study: A, series: A2 }],
    ['1.2.3.2.1.1', { study: B, series: B1 }],
  ]),
  existingInstances: new Set(),
  existingSeries: new Set(),
  ...over,
});

const verdict = (v: ReturnType<typeof judgeReply>) => (v.ok ? 'ok' : `${v.status} ${v.code}`);

describe('screenReply: the checks without the backend', () => {
  it.each(Object.entries(REPLY_SOP_CLASSES))('takes %s (%s) into a shared study', (sopClassUID) => {
    expect(verdict(screenReply([sr({ sopClassUID })], undefined, wholeA))).toBe('ok');
    expect(verdict(screenReply([sr({ sopClassUID })], A, wholeA))).toBe('ok');
  });
  it('takes exactly the SR classes and KOS', () => {
    expect(Object.keys(REPLY_SOP_CLASSES).sort()).toEqual(
      ['88.11', '88.22', '88.33', '88.34', '88.59'].map((n) => `1.2.840.10008.5.1.4.1.1.${n}`),
    );
  });
  it('refuses an empty reply', () => {
    expect(verdict(screenReply([], undefined, wholeA))).toBe('400 EMPTY_REPLY');
  });
  it('refuses an instance twice', () => {
    expect(verdict(screenReply([sr(), sr()], undefined, wholeA))).toBe('400 DUPLICATE_INSTANCE');
  });
  it.each([
    ['CT image', SOP_CLASS.ctImage],
    ['encapsulated PDF', '1.2.840.10008.5.1.4.1.1.104.1'],
    ['Mammography CAD SR', '1.2.840.10008.5.1.4.1.1.88.50'],
    ['a prefix of an SR class', '1.2.840.10008.5.1.4.1.1.88.3'],
  ])('refuses a %s', (_name, sopClassUID) => {
    const refused = screenReply([sr(), sr({ sopInstanceUID: '9.2', sopClassUID })], undefined, wholeA);
    expect(refused).toEqual({
      ok: false,
      status: 403,
      code: 'SOP_CLASS_NOT_ALLOWED',
      message: expect.stringContaining('9.2'),
    });
  });
  it('refuses an instance of a study that is not shared, or not the one of the path', () => {
    expect(verdict(screenReply([sr({ studyUID: B })], undefined, wholeA))).toBe('403 OUT_OF_SCOPE');
    expect(verdict(screenReply([sr(), sr({ sopInstanceUID: '9.2', studyUID: B })], undefined, wholeA))).toBe(
      '403 OUT_OF_SCOPE',
    );
    const twoStudies: UploadScope = { ...wholeA, studies: [...wholeA.studies, { study: B, series: [B1] }] };
    expect(verdict(screenReply([sr({ studyUID: B })], undefined, twoStudies))).toBe('ok');
    expect(verdict(screenReply([sr({ studyUID: B })], A, twoStudies))).toBe('403 OUT_OF_SCOPE');
  });
});

describe('judgeReply: the checks against the stored data', () => {
  it('takes a reply whose references, patient and UIDs all hold', () => {
    expect(verdict(judgeReply([sr()], wholeA, facts()))).toBe('ok');
    expect(verdict(judgeReply([sr({ references: [] })], onlyA1, facts()))).toBe('ok');
    expect(verdict(judgeReply([sr()], onlyA1, facts()))).toBe('ok');
  });
  it('refuses a study the backend no longer holds', () => {
    expect(verdict(judgeReply([sr()], wholeA, facts({ studies: new Map() })))).toBe('409 STUDY_NOT_FOUND');
  });
  it.each([
    ['PatientID', { patientID: 'P2' }],
    ['PatientName', { patientName: 'Doe^John' }],
    ['PatientBirthDate', { patientBirthDate: '19700102' }],
    ['PatientBirthDate', { patientBirthDate: '' }],
  ])('refuses a different %s', (attribute, changed) => {
    const refused = judgeReply([sr({ patient: { ...PATIENT, ...changed } })], wholeA, facts());
    expect(refused).toEqual({
      ok: false,
      status: 409,
      code: 'PATIENT_MISMATCH',
      message: `Instance 9.1: ${attribute} differs from the study's`,
    });
  });
  it('does not count padding or empty trailing name components as a difference', () => {
    const padded = sr({ patient: { ...PATIENT, patientName: 'Doe^Jane^^', patientID: 'P1 ' } });
    expect(verdict(judgeReply([padded], wholeA, facts()))).toBe('ok');
  });
  it('refuses a SOP Instance UID or a Series Instance UID that is stored already', () => {
    expect(verdict(judgeReply([sr()], wholeA, facts({ existingInstances: new Set(['9.1']) })))).toBe(
      '409 INSTANCE_EXISTS',
    );
    expect(verdict(judgeReply([sr()], wholeA, facts({ existingSeries: new Set(['9']) })))).toBe('409 SERIES_EXISTS');
  });
  it('refuses a reference the backend does not hold, or one in an unshared study', () => {
    expect(verdict(judgeReply([sr({ references: ['7.7.7'] })], wholeA, facts()))).toBe('403 REFERENCE_OUT_OF_SCOPE');
    expect(verdict(judgeReply([sr({ references: ['1.2.3.1.1.1', '1.2.3.2.1.1'] })], wholeA, facts()))).toBe(
      '403 REFERENCE_OUT_OF_SCOPE',
    );
  });
  it('a series-scoped share: references only into its series; a whole-study share: any series of the study', () => {
    const toA2 = sr({ references: ['1.2.3.1.2.1'] });
    expect(verdict(judgeReply([toA2], onlyA1, facts()))).toBe('403 REFERENCE_OUT_OF_SCOPE');
    expect(verdict(judgeReply([toA2], wholeA, facts()))).toBe('ok');
    const laterSeries = facts({ referenced: new Map([['1.2.3.1.1.1', { study: A, series: '1.2.3.1.9' }]]) });
    expect(verdict(judgeReply([sr()], wholeA, laterSeries))).toBe('ok');
    expect(verdict(judgeReply([sr()], onlyA1, laterSeries))).toBe('403 REFERENCE_OUT_OF_SCOPE');
  });
  it('checks every instance, not only the first', () => {
    const second = sr({ sopInstanceUID: '9.2', references: ['7.7.7'] });
    expect(judgeReply([sr(), second], wholeA, facts())).toMatchObject({
      code: 'REFERENCE_OUT_OF_SCOPE',
      message: 'Instance 9.2 references 7.7.7, which is not part of this share',
    });
  });
});

describe('readReplyInstance: the facts from Part 10 bytes', () => {
  it('reads the UIDs, the patient and every reference (evidence and content items)', () => {
    const study = { studyInstanceUID: A, ...PATIENT };
    const references = [
      { study: A, series: A1, instance: '1.2.3.1.1.1', sopClass: SOP_CLASS.ctImage },
      { study: A, series: A2, instance: '1.2.3.1.2.1', sopClass: SOP_CLASS.ctImage },
    ];
    const seriesInstanceUID = newUid();
    const written = replyBytes({ study, seriesInstanceUID, sopClassUID: SOP_CLASS.keyObjectSelection, references });
    expect(readReplyInstance(written.bytes, 1)).toEqual({
      sopClassUID: SOP_CLASS.keyObjectSelection,
      sopInstanceUID: written.sopInstanceUID,
      studyUID: A,
      seriesUID: seriesInstanceUID,
      patient: PATIENT,
      references: ['1.2.3.1.1.1', '1.2.3.1.2.1'],
    });
  });
  it('refuses bytes that are not DICOM, naming the part', () => {
    expect(() => readReplyInstance(new TextEncoder().encode('hello'), 2)).toThrow(/Part 2 of the reply/);
  });
});
