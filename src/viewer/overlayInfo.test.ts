import { describe, expect, it } from 'vitest';
import { formatDate, formatPersonName, formatReadout, overlayCorners, valueUnit } from './overlayInfo';

describe('overlay text', () => {
  it('formats DICOM dates and names', () => {
    expect(formatDate('20240131')).toBe('2024-01-31');
    expect(formatDate('')).toBeUndefined();
    expect(formatDate(' 2024 ')).toBe('2024');
    expect(formatPersonName('Doe^Jane^M^Dr')).toBe('DOE, Dr Jane M');
    expect(formatPersonName('Anonymous')).toBe('ANONYMOUS');
    expect(formatPersonName('^^')).toBeUndefined();
  });
  it('fills the four corners', () => {
    const corners = overlayCorners(
      {
        '00100010': { vr: 'PN', Value: [{ Alphabetic: 'Phantom^Head' }] },
        '00100020': { vr: 'LO', Value: ['P-1'] },
        '00100030': { vr: 'DA', Value: ['19700101'] },
        '00100040': { vr: 'CS', Value: ['O'] },
        '00080020': { vr: 'DA', Value: ['20110525'] },
        '00081030': { vr: 'LO', Value: ['HEAD'] },
        '00200011': { vr: 'IS', Value: [3] },
        '0008103E': { vr: 'LO', Value: ['Axial 1mm'] },
        '00201041': { vr: 'DS', Value: ['-12.5'] },
        '00180050': { vr: 'DS', Value: ['1'] },
      },
      {
        imageIndex: 4,
        imageCount: 140,
        frameNumber: 1,
        numberOfFrames: 1,
        window: { center: 40, width: 80 },
        zoom: 1.5,
      },
    );
    expect(corners).toEqual({
      topLeft: ['PHANTOM, Head', 'ID P-1', 'DOB 1970-01-01  O'],
      topRight: ['2011-05-25', 'HEAD', 'Se 3 Axial 1mm'],
      bottomLeft: ['Im 5 / 140', 'Loc -12.5 mm', 'Thk 1 mm'],
      bottomRight: ['W 80 L 40', 'Zoom 150%'],
    });
  });
});

describe('pixel readout', () => {
  it('names the unit of modality values', () => {
    expect(valueUnit({ '00080060': { vr: 'CS', Value: ['CT'] } })).toBe('HU');
    expect(valueUnit({ '00080060': { vr: 'CS', Value: ['PT'] }, '00281054': { vr: 'LO', Value: ['BQML'] } })).toBe(
      'BQML',
    );
    expect(valueUnit({ '00080060': { vr: 'CS', Value: ['MR'] }, '00281054': { vr: 'LO', Value: ['US'] } })).toBe('');
  });
  it('formats grey and colour values', () => {
    expect(formatReadout({ column: 256, row: 310, value: 40 }, 'HU')).toBe('(256, 310) 40 HU');
    expect(formatReadout({ column: 1, row: 2, value: 0.125 }, '')).toBe('(1, 2) 0.13');
    expect(formatReadout({ column: 10, row: 4, value: [255, 0, 12] }, '')).toBe('(10, 4) R 255 G 0 B 12');
  });
});
