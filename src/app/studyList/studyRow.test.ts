import { describe, expect, it } from 'vitest';
import { studyRow } from './studyRow';

describe('studyRow', () => {
  it('reads a QIDO-RS study result', () => {
    const row = studyRow({
      '0020000D': { vr: 'UI', Value: ['1.2.3'] },
      '00100010': { vr: 'PN', Value: [{ Alphabetic: 'DOE^JANE' }] },
      '00080061': { vr: 'CS', Value: ['CT', 'SEG'] },
      '00201206': { vr: 'IS', Value: [2] },
      '00201208': { vr: 'IS', Value: ['141'] },
      '00080050': { vr: 'SH' },
    });
    expect(row).toMatchObject({
      studyInstanceUID: '1.2.3',
      patientName: 'DOE^JANE',
      modalities: ['CT', 'SEG'],
      seriesCount: 2,
      instanceCount: 141,
      accession: '',
    });
  });
  it('skips a result without a StudyInstanceUID', () => {
    expect(studyRow({ '00100010': { vr: 'PN', Value: [{ Alphabetic: 'X' }] } })).toBeUndefined();
  });
});
