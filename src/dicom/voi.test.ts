import { describe, expect, it } from 'vitest';
import type { DicomJsonDataset } from './json';
import {
  applyVoi,
  formatWindow,
  rangeToWindow,
  voiLutFunctionOf,
  windowFromMinMax,
  windowToRange,
  windowsFromDataset,
} from './voi';

describe('windowsFromDataset', () => {
  it('pairs multi-valued centers and widths with their explanations', () => {
    const dataset: DicomJsonDataset = {
      '00281050': { vr: 'DS', Value: ['40', '-600'] },
      '00281051': { vr: 'DS', Value: [80, '1500'] },
      '00281055': { vr: 'LO', Value: ['BRAIN', 'LUNG'] },
    };
    expect(windowsFromDataset(dataset)).toEqual([
      { center: 40, width: 80, explanation: 'BRAIN' },
      { center: -600, width: 1500, explanation: 'LUNG' },
    ]);
  });
  it('drops unpaired and non-positive widths, and copes with absence', () => {
    const dataset: DicomJsonDataset = {
      '00281050': { vr: 'DS', Value: ['40', '50', '60'] },
      '00281051': { vr: 'DS', Value: ['0', '100'] },
    };
    expect(windowsFromDataset(dataset)).toEqual([{ center: 50, width: 100 }]);
    expect(windowsFromDataset({})).toEqual([]);
  });
});

describe('voiLutFunctionOf', () => {
  it('reads SIGMOID and LINEAR_EXACT, defaults to LINEAR', () => {
    expect(voiLutFunctionOf({ '00281056': { vr: 'CS', Value: ['SIGMOID'] } })).toBe('SIGMOID');
    expect(voiLutFunctionOf({ '00281056': { vr: 'CS', Value: ['LINEAR_EXACT'] } })).toBe('LINEAR_EXACT');
    expect(voiLutFunctionOf({ '00281056': { vr: 'CS', Value: ['BOGUS'] } })).toBe('LINEAR');
    expect(voiLutFunctionOf({})).toBe('LINEAR');
  });
});

describe('applyVoi', () => {
  it('follows the LINEAR definition of PS3.3 C.11.2.1.2.1 (c=40, w=80)', () => {
    const window = { center: 40, width: 80 };
    // Bounds: x <= c - 0.5 - (w-1)/2 = 0 → black; x > c - 0.5 + (w-1)/2 = 79 → white.
    expect(applyVoi(0, window)).toBe(0);
    expect(applyVoi(79.5, window)).toBe(1);
    expect(applyVoi(39.5, window)).toBeCloseTo(0.5, 12);
    expect(applyVoi(20, window)).toBeCloseTo((20 - 39.5) / 79 + 0.5, 12);
  });
  it('gives a threshold for width 1', () => {
    expect(applyVoi(9, { center: 10, width: 1 })).toBe(0);
    expect(applyVoi(10, { center: 10, width: 1 })).toBe(1);
  });
  it('follows LINEAR_EXACT and SIGMOID', () => {
    expect(applyVoi(0, { center: 40, width: 80 }, 'LINEAR_EXACT')).toBe(0);
    expect(applyVoi(60, { center: 40, width: 80 }, 'LINEAR_EXACT')).toBeCloseTo(0.75, 12);
    expect(applyVoi(40, { center: 40, width: 80 }, 'SIGMOID')).toBeCloseTo(0.5, 12);
    expect(applyVoi(60, { center: 40, width: 80 }, 'SIGMOID')).toBeCloseTo(1 / (1 + Math.exp(-1)), 12);
  });
});

describe('ranges', () => {
  it('converts windows to ranges and back', () => {
    const window = { center: 40, width: 80 };
    expect(windowToRange(window)).toEqual({ lower: 0, upper: 79 });
    expect(rangeToWindow(windowToRange(window))).toEqual(window);
    expect(windowFromMinMax(-1024, 3071)).toEqual({ center: 1024, width: 4096 });
    expect(windowFromMinMax(5, 5).width).toBe(1);
  });
  it('formats for the overlay', () => {
    expect(formatWindow({ center: 40.4, width: 80 })).toBe('W 80 L 40');
    expect(formatWindow({ center: 0.25, width: 1.26 })).toBe('W 1.3 L 0.3');
  });
});
