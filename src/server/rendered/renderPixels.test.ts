import { describe, expect, it } from 'vitest';
import type { DicomJsonDataset } from '../../dicom/json';
import type { DecodedFrame } from './decodeFrame';
import { fitViewport, renderedType } from './encodeImage';
import { frameDataset, renderPixels } from './renderPixels';

const ramp = (values: number[], photometric = 'MONOCHROME2'): DecodedFrame => ({
  width: values.length,
  height: 1,
  samplesPerPixel: 1,
  photometric,
  samples: Int32Array.from(values),
});
const ds = (entries: Record<string, (string | number)[]>): DicomJsonDataset =>
  Object.fromEntries(Object.entries(entries).map(([tag, Value]) => [tag, { vr: 'DS', Value }]));

describe('renderPixels: the VOI functions of PS3.3 C.11.2.1.2', () => {
  const values = [0, 50, 99, 100, 101, 150, 200];
  const shown = (fn: 'LINEAR' | 'LINEAR_EXACT' | 'SIGMOID') =>
    Array.from(renderPixels(ramp(values), {}, { window: { center: 100, width: 100, function: fn } }).data);

  it('LINEAR', () => {
    // (x - (c - 0.5)) / (w - 1) + 0.5, clipped: 50 is at the bottom edge (<= c - 0.5 - (w-1)/2 = 50)
    expect(shown('LINEAR')).toEqual([0, 0, 126, 129, 131, 255, 255]);
  });
  it('LINEAR_EXACT', () => {
    expect(shown('LINEAR_EXACT')).toEqual([0, 0, 125, 128, 130, 255, 255]);
  });
  it('SIGMOID', () => {
    // 1 / (1 + exp(-4 (x - c) / w)): never quite black or white.
    expect(shown('SIGMOID')).toEqual([5, 30, 125, 128, 130, 225, 250]);
  });

  it('applies the rescale, the file window, the frame’s own functional groups and MONOCHROME1', () => {
    const file = ds({ '00281052': [-1000], '00281053': [2], '00281050': [0], '00281051': [401] });
    expect(Array.from(renderPixels(ramp([400, 500, 600]), file, {}).data)).toEqual([0, 128, 255]);
    expect(Array.from(renderPixels(ramp([400, 500, 600], 'MONOCHROME1'), file, {}).data)).toEqual([255, 127, 0]);
    const enhanced: DicomJsonDataset = {
      ...file,
      '52009230': {
        vr: 'SQ',
        Value: [{}, { '00289132': { vr: 'SQ', Value: [ds({ '00281050': [200], '00281051': [401] })] } }],
      },
    };
    expect(Array.from(renderPixels(ramp([500, 600]), frameDataset(enhanced, 2), {}).data)).toEqual([0, 128]);
    expect(Array.from(renderPixels(ramp([500, 600]), frameDataset(enhanced, 1), {}).data)).toEqual([128, 255]);
  });

  it('spans the value range when the file has no window', () => {
    expect(Array.from(renderPixels(ramp([-20, 0, 20]), {}, {}).data)).toEqual([0, 128, 255]);
  });
});

describe('fitViewport', () => {
  it('averages what each output pixel covers and keeps the aspect ratio', () => {
    const image = {
      width: 4,
      height: 2,
      channels: 1 as const,
      data: Uint8Array.from([0, 100, 200, 200, 100, 0, 0, 0]),
    };
    expect(fitViewport(image, { width: 2, height: 2 })).toEqual({
      width: 2,
      height: 1,
      channels: 1,
      data: Uint8Array.from([50, 100]),
    });
  });
});

describe('renderedType', () => {
  it.each([
    [undefined, 'image/jpeg'],
    ['image/png', 'image/png'],
    ['image/*', 'image/jpeg'],
    ['image/avif,image/webp,image/apng,image/*,*/*;q=0.8', 'image/jpeg'],
    ['image/jpeg;q=0.4, image/png', 'image/png'],
    ['image/png;q=0.2, */*', 'image/jpeg'],
  ])('%s → %s', (accept, type) => {
    expect(renderedType(accept)).toBe(type);
  });
  it('refuses what it cannot make', () => {
    expect(() => renderedType('image/gif')).toThrow(/image\/jpeg or image\/png/);
  });
});
