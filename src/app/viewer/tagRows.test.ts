import { describe, expect, it } from 'vitest';
import { filterRows, tagRows } from './tagRows';

const dataset = {
  '00100010': { vr: 'PN', Value: [{ Alphabetic: 'Doe^Jane' }] },
  '00080060': { vr: 'CS', Value: ['CT'] },
  '00291010': { vr: 'OB', InlineBinary: 'AAAA' },
  '7FE00010': { vr: 'OW', BulkDataURI: 'http://x/bulk' },
  '52009229': {
    vr: 'SQ',
    Value: [{ '00289110': { vr: 'SQ', Value: [{ '00280030': { vr: 'DS', Value: [0.5, 0.5] } }] } }],
  },
};

describe('tagRows', () => {
  it('lists tags in order with keywords, values and nested sequences', () => {
    const rows = tagRows(dataset);
    expect(rows.map((row) => [row.tag, row.keyword, row.value])).toEqual([
      ['(0008,0060)', 'Modality', 'CT'],
      ['(0010,0010)', 'PatientName', 'Doe^Jane'],
      ['(0029,1010)', 'Private', '(3 bytes)'],
      ['(5200,9229)', 'SharedFunctionalGroupsSequence', '1 item'],
      ['(7FE0,0010)', 'PixelData', '(bulk data)'],
    ]);
    expect(rows[3]!.items![0]![0]!.items![0]![0]).toMatchObject({ keyword: 'PixelSpacing', value: '0.5\\0.5' });
  });
  it('filters by keyword, tag or value and keeps the path to nested matches', () => {
    expect(filterRows(tagRows(dataset), 'modality').map((row) => row.keyword)).toEqual(['Modality']);
    expect(filterRows(tagRows(dataset), '00100010').map((row) => row.keyword)).toEqual(['PatientName']);
    const nested = filterRows(tagRows(dataset), 'pixelspacing');
    expect(nested.map((row) => row.keyword)).toEqual(['SharedFunctionalGroupsSequence']);
    expect(filterRows(tagRows(dataset), '').length).toBe(5);
  });
});
