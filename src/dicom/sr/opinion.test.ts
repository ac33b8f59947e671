import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { corpusDir } from '../../../test/support/corpus';
import { part10ToJson } from '../part10Json';
import { CODES, type SrCode } from './codes';
import { keyImageNotesOf, opinionOf } from './opinion';
import { readSrDocument, type SrDocument, type SrItem } from './srDocument';

const image = {
  studyInstanceUID: '1.2',
  seriesInstanceUID: '1.2.3',
  sopInstanceUID: '1.2.3.4',
  sopClassUID: '1.2.840.10008.5.1.4.1.1.2',
};
const text = (concept: SrCode, value: string, children: SrItem[] = []): SrItem => ({
  kind: 'text',
  relationship: 'CONTAINS',
  concept,
  text: value,
  children,
});
const documentOf = (items: SrItem[]): SrDocument => ({
  studyInstanceUID: '1.2',
  seriesInstanceUID: '1.2.9',
  sopInstanceUID: '1.2.9.1',
  sopClassUID: '1.2.840.10008.5.1.4.1.1.88.33',
  observers: [],
  items,
  predecessors: [],
});

describe('opinionOf', () => {
  it('gathers Finding and Impression TEXT items at any depth, in document order', () => {
    const section = {
      kind: 'container',
      relationship: 'CONTAINS',
      children: [text(CODES.finding, 'Second finding')],
    } as const;
    const document = documentOf([text(CODES.finding, 'First finding'), section, text(CODES.impression, 'Benign')]);
    expect(opinionOf(document)).toEqual({ findings: 'First finding\n\nSecond finding', impression: 'Benign' });
  });

  it('ignores a coded Finding: the dcmqi TID 1500 report holds no written opinion', () => {
    const dataset = part10ToJson(readFileSync(`${corpusDir}/kinds/sr/sr-tid1500-measurement-report.dcm`)).dataset;
    const document = readSrDocument(dataset);
    expect(JSON.stringify(document.items)).toContain('"value":"121071"');
    expect(opinionOf(document)).toBeUndefined();
  });
});

describe('keyImageNotesOf', () => {
  it('reads Key Object Description TEXT items inferred from an image, and nothing else', () => {
    const inferred: SrItem = { kind: 'image', relationship: 'INFERRED FROM', reference: image, children: [] };
    const document = documentOf([
      text(CODES.keyObjectDescription, 'Look here', [inferred]),
      text(CODES.keyObjectDescription, 'No image, so not a note'),
      text(CODES.finding, 'A finding on an image', [inferred]),
    ]);
    expect(keyImageNotesOf(document)).toEqual([{ image, note: 'Look here' }]);
  });
});
