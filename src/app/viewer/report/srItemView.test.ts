import { describe, expect, it } from 'vitest';
import type { SrItem } from '../../../dicom/sr/srDocument';
import { srItemView } from './srItemView';

const concept = (meaning: string) => ({ value: '1', scheme: '99TEST', meaning });
const leaf = { relationship: 'CONTAINS', children: [] } as const;

describe('srItemView', () => {
  it('makes a container a heading, "Section" when it has no name', () => {
    expect(srItemView({ ...leaf, kind: 'container', concept: concept('Findings') })).toEqual({
      kind: 'heading',
      text: 'Findings',
    });
    expect(srItemView({ ...leaf, kind: 'container' })).toEqual({ kind: 'heading', text: 'Section' });
  });

  it('puts text, dates and names after their concept name', () => {
    expect(srItemView({ ...leaf, kind: 'text', concept: concept('Impression'), text: 'No tumour.' })).toEqual({
      kind: 'line',
      label: 'Impression',
      value: 'No tumour.',
    });
    expect(srItemView({ ...leaf, kind: 'pname', text: 'Wilson^James^^Dr' })).toEqual({
      kind: 'line',
      label: undefined,
      value: 'Dr James Wilson',
    });
    expect(srItemView({ ...leaf, kind: 'date', text: '20001206' })).toMatchObject({ value: '2000-12-06' });
    expect(srItemView({ ...leaf, kind: 'time', text: '120000.000' })).toMatchObject({ value: '12:00:00' });
    expect(srItemView({ ...leaf, kind: 'time', text: '0930' })).toMatchObject({ value: '09:30' });
    expect(srItemView({ ...leaf, kind: 'datetime', text: '20001206120000' })).toMatchObject({
      value: '2000-12-06 12:00:00',
    });
    expect(srItemView({ ...leaf, kind: 'date', text: 'unknown' })).toMatchObject({ value: 'unknown' });
  });

  it('shows a code by its meaning', () => {
    const item: SrItem = {
      ...leaf,
      kind: 'code',
      concept: concept('Finding site'),
      code: { value: '39607008', scheme: 'SCT', meaning: 'Lung' },
    };
    expect(srItemView(item)).toEqual({ kind: 'line', label: 'Finding site', value: 'Lung' });
  });

  it("writes a number with its unit's meaning, and without UCUM's no-unit", () => {
    const length: SrItem = {
      ...leaf,
      kind: 'num',
      concept: concept('Length'),
      value: '42.1',
      unit: { value: 'mm', scheme: 'UCUM', meaning: 'millimeter' },
    };
    expect(srItemView(length)).toEqual({ kind: 'line', label: 'Length', value: '42.1 millimeter' });
    const count: SrItem = {
      ...leaf,
      kind: 'num',
      value: '3',
      unit: { value: '1', scheme: 'UCUM', meaning: 'no units' },
    };
    expect(srItemView(count)).toMatchObject({ value: '3' });
  });

  it('makes an image reference a jump, and says what an item it cannot show was', () => {
    const reference = { studyInstanceUID: '1', seriesInstanceUID: '2', sopInstanceUID: '3', sopClassUID: '4' };
    expect(srItemView({ ...leaf, kind: 'image', concept: concept('Key image'), reference })).toEqual({
      kind: 'image',
      label: 'Key image',
    });
    expect(srItemView({ ...leaf, kind: 'unknown', valueType: 'TABLE' })).toMatchObject({
      value: '(TABLE item not shown)',
    });
    expect(srItemView({ ...leaf, kind: 'scoord', graphicType: 'POLYLINE' })).toMatchObject({ value: 'Marked outline' });
  });
});
