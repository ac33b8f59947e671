import { describe, expect, it } from 'vitest';
import type { StudyRow } from '../studyList/studyRow';
import { studyCards } from './studyCards';

const row = (uid: string, studyDate: string, modalities: string[], studyTime = ''): StudyRow => ({
  studyInstanceUID: uid,
  patientName: 'Doe^Jane',
  patientId: 'P1',
  birthDate: '19700101',
  sex: 'F',
  studyDate,
  studyTime,
  modalities,
  description: `Study ${uid}`,
  accession: '',
  seriesCount: 2,
  instanceCount: 10,
});

describe('studyCards', () => {
  it('puts the newest first, undated last', () => {
    const cards = studyCards([
      row('a', '20200101', ['CT']),
      row('b', '', ['MR']),
      row('c', '20240301', ['MR'], '0800'),
      row('d', '20240301', ['CT'], '1400'),
    ]);
    expect(cards.map((card) => card.studyInstanceUID)).toEqual(['d', 'c', 'a', 'b']);
  });

  it('badges a study with a report and lists only the image modalities', () => {
    const [card] = studyCards([row('a', '20200101', ['CT', 'SR', 'KO'])]);
    expect(card).toEqual({
      studyInstanceUID: 'a',
      studyDate: '20200101',
      modalities: ['CT'],
      description: 'Study a',
      images: 10,
      hasReport: true,
    });
    expect(studyCards([row('b', '20200101', ['CT', 'KO'])])[0]?.hasReport).toBe(false);
  });
});
