import { describe, expect, it } from 'vitest';
import type { StudyRow } from '../studyList/studyRow';
import { patientLinkTarget } from './patientLinkTarget';

const row = (uid: string, patientId: string): StudyRow => ({
  studyInstanceUID: uid,
  patientName: 'Doe^Jane',
  patientId,
  birthDate: '',
  sex: '',
  studyDate: '20240301',
  studyTime: '',
  modalities: ['CT', 'SR'],
  description: 'Head',
  accession: '',
  seriesCount: undefined,
  instanceCount: undefined,
});

describe('patientLinkTarget', () => {
  it('takes the one patient of the selected rows, with a label per study', () => {
    expect(patientLinkTarget([row('1.1', 'P1'), row('1.2', 'P1')])).toEqual({
      ok: true,
      patientID: 'P1',
      patientName: 'Doe^Jane',
      studies: [
        { studyInstanceUID: '1.1', label: '2024-03-01 · CT, SR · Head' },
        { studyInstanceUID: '1.2', label: '2024-03-01 · CT, SR · Head' },
      ],
    });
  });

  it('refuses no rows, and rows of two patients', () => {
    expect(patientLinkTarget([])).toEqual({ ok: false, reason: 'Tick a study of the patient first' });
    expect(patientLinkTarget([row('1.1', 'P1'), row('1.2', 'P2')])).toEqual({
      ok: false,
      reason: 'The selected studies belong to different patients',
    });
  });
});
