import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { entryFiles, manifest } from '../../../test/support/corpus';
import { part10ToJson } from '../part10Json';
import { isMeasurementReport, readSrDocument, type SrDocument, type SrItem } from './srDocument';

const srEntries = manifest.entries.filter((entry) => entry.path.startsWith('kinds/sr/') && entry.modality === 'SR');
const read = (name: string): SrDocument => {
  const entry = srEntries.find((candidate) => candidate.path === `kinds/sr/${name}`);
  if (!entry) throw new Error(`${name} is not in the corpus`);
  return readSrDocument(part10ToJson(readFileSync(entryFiles(entry)[0] ?? '')).dataset);
};
const flatten = (items: readonly SrItem[]): SrItem[] => items.flatMap((item) => [item, ...flatten(item.children)]);

describe('readSrDocument on the corpus SRs', () => {
  it('finds four SR documents in kinds/sr', () => {
    expect(srEntries.map((entry) => entry.path).sort()).toEqual([
      'kinds/sr/sr-basic-text.dcm',
      'kinds/sr/sr-comprehensive-nested.dcm',
      'kinds/sr/sr-comprehensive3d-highdicom.dcm',
      'kinds/sr/sr-tid1500-measurement-report.dcm',
    ]);
  });

  it.each(srEntries.map((entry) => entry.path.slice('kinds/sr/'.length)))(
    '%s reads into a titled, non-empty tree',
    (name) => {
      const document = read(name);
      const entry = srEntries.find((candidate) => candidate.path.endsWith(name));
      expect(document.sopInstanceUID).toBe(entry?.sopInstanceUID);
      expect(document.title?.meaning).not.toBe('');
      expect(document.items.length).toBeGreaterThan(0);
      expect(flatten(document.items).some((item) => item.kind === 'unknown' && item.valueType === '')).toBe(false);
    },
  );

  it('reads the dcmqi TID 1500 report as a measurement report with its observer and numbers', () => {
    const document = read('sr-tid1500-measurement-report.dcm');
    expect(document.templateId).toBe('1500');
    expect(document.title).toEqual({ value: '126000', scheme: 'DCM', meaning: 'Imaging Measurement Report' });
    expect(isMeasurementReport(document)).toBe(true);
    expect(document.observers).toEqual(['User2']);
    expect(document.completion).toBe('PARTIAL');
    expect(document.verification).toBe('UNVERIFIED');
    expect(document.contentDateTime).toBe('2015-08-19T11:21:53');
    const numbers = flatten(document.items).filter((item) => item.kind === 'num');
    expect(numbers.length).toBeGreaterThan(0);
    expect(numbers.every((item) => item.kind === 'num' && item.value !== '' && item.unit !== undefined)).toBe(true);
    const images = flatten(document.items).filter((item) => item.kind === 'image');
    expect(images[0]?.kind === 'image' && images[0].reference.seriesInstanceUID).not.toBe('');
  });

  it('reads the highdicom Comprehensive 3D SR, whose observer name is TEXT, as a measurement report', () => {
    const document = read('sr-comprehensive3d-highdicom.dcm');
    expect(isMeasurementReport(document)).toBe(true);
    expect(document.observers).toEqual(['Foo']);
    expect(flatten(document.items).some((item) => item.kind === 'scoord' && item.graphicType === 'CIRCLE')).toBe(true);
  });

  it('reads the Basic Text SR as a document with its text, not a measurement report', () => {
    const document = read('sr-basic-text.dcm');
    expect(isMeasurementReport(document)).toBe(false);
    expect(document.title?.meaning).toBe('Document Title');
    const texts = flatten(document.items).flatMap((item) =>
      item.kind === 'text' ? [[item.concept?.meaning, item.text]] : [],
    );
    expect(texts).toContainEqual(['Report Text', 'Enter text']);
    // Its observer is named with a private code (IHE.04), not Person Observer Name.
    expect(document.observers).toEqual([]);
  });

  it('reads the nested Comprehensive SR: predecessor, by-reference items, dates, codes with units', () => {
    const document = read('sr-comprehensive-nested.dcm');
    expect(isMeasurementReport(document)).toBe(false);
    expect(document.predecessors).toHaveLength(1);
    expect(document.predecessors[0]?.sopInstanceUID).not.toBe('');
    const items = flatten(document.items);
    expect(items).toContainEqual(
      expect.objectContaining({ kind: 'num', value: '3', unit: expect.objectContaining({ value: 'cm' }) }),
    );
    expect(items).toContainEqual(expect.objectContaining({ kind: 'date', text: '20001206' }));
    expect(
      items.filter((item) => item.kind === 'unknown').map((item) => item.kind === 'unknown' && item.valueType),
    ).toEqual(['BY-REFERENCE', 'BY-REFERENCE']);
  });
});
