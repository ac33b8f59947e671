import { describe, expect, it } from 'vitest';
import { presetsFor, windowChoices } from './presets';

describe('presets', () => {
  it('gives the eight CT presets in key order', () => {
    expect(presetsFor('CT').map((p) => p.label)).toEqual([
      'Brain',
      'Subdural',
      'Stroke',
      'Lung',
      'Mediastinum',
      'Abdomen',
      'Liver',
      'Bone',
    ]);
    expect(presetsFor('CT')[3]).toMatchObject({ width: 1500, center: -600 });
    expect(presetsFor('MR')).toEqual([]);
    expect(presetsFor(undefined)).toEqual([]);
  });
  it('numbers presets then file windows, up to nine keys', () => {
    const choices = windowChoices('CT', [
      { center: 35, width: 90, explanation: 'HEAD' },
      { center: 500, width: 2000 },
    ]);
    expect(choices.map((c) => [c.key, c.label, c.source])).toEqual([
      ['1', 'Brain', 'preset'],
      ['2', 'Subdural', 'preset'],
      ['3', 'Stroke', 'preset'],
      ['4', 'Lung', 'preset'],
      ['5', 'Mediastinum', 'preset'],
      ['6', 'Abdomen', 'preset'],
      ['7', 'Liver', 'preset'],
      ['8', 'Bone', 'preset'],
      ['9', 'HEAD', 'file'],
      [undefined, 'File window 2', 'file'],
    ]);
  });
  it('gives file windows the number keys where the modality has no presets', () => {
    expect(windowChoices('MR', [{ center: 600, width: 1200 }])).toEqual([
      { center: 600, width: 1200, label: 'File window 1', source: 'file', key: '1' },
    ]);
  });
});
