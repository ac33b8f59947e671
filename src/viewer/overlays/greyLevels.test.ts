import { describe, expect, it } from 'vitest';
import type { DicomJsonDataset } from '../../dicom/json';
import {
  paddingMask,
  rangeWithoutPadding,
  rescaledPaddingRange,
  storedPaddingRange,
  voiTableLevels,
} from './greyLevels';

describe('VOI LUT table', () => {
  it('gives each value its entry scaled from the table bits to 0–255, clamping outside the table', () => {
    // A 4-entry, 8-bit table from value 100: not a straight line.
    const lut = { firstValueMapped: 100, numBitsPerEntry: 8, lut: [0, 200, 50, 255] };
    expect(Array.from(voiTableLevels([90, 100, 101, 102, 103, 500], lut))).toEqual([0, 0, 200, 50, 255, 255]);
    const twelveBit = { firstValueMapped: -10, numBitsPerEntry: 12, lut: [0, 4095, 2048] };
    expect(Array.from(voiTableLevels([-10, -9, -8], twelveBit))).toEqual([0, 255, 128]);
  });
});

describe('pixel padding', () => {
  const ct = (extra: DicomJsonDataset): DicomJsonDataset => ({
    '00280002': { vr: 'US', Value: [1] },
    '00280004': { vr: 'CS', Value: ['MONOCHROME2'] },
    '00280103': { vr: 'US', Value: [1] },
    ...extra,
  });

  it('reads the value, the range it bounds with the limit, and wraps signed values', () => {
    expect(storedPaddingRange(ct({ '00280120': { vr: 'SS', Value: [-2000] } }))).toEqual({ low: -2000, high: -2000 });
    expect(
      storedPaddingRange(ct({ '00280120': { vr: 'US', Value: [63536] }, '00280121': { vr: 'US', Value: [64000] } })),
    ).toEqual({ low: -2000, high: -1536 });
    expect(storedPaddingRange(ct({}))).toBeUndefined();
    expect(
      storedPaddingRange({ ...ct({ '00280120': { vr: 'US', Value: [0] } }), '00280002': { vr: 'US', Value: [3] } }),
    ).toBeUndefined();
  });

  it('masks padding and leaves it out of the range the window spans', () => {
    const values = [-2000, 0, 40, -2000, 1000];
    const range = rescaledPaddingRange({ low: -1000, high: -1000 }, 2, 0);
    expect(range).toEqual({ low: -2000, high: -2000 });
    expect(Array.from(paddingMask(values, range))).toEqual([1, 0, 0, 1, 0]);
    expect(rangeWithoutPadding(values, range)).toEqual({ min: 0, max: 1000 });
    expect(rangeWithoutPadding([-2000], range)).toBeUndefined();
    // Pixel Padding Range Limit: every value between the two ends is padding.
    expect(Array.from(paddingMask([5, 6, 7, 8], { low: 6, high: 7 }))).toEqual([0, 1, 1, 0]);
  });
});
