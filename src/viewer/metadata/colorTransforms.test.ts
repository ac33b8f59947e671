import { describe, expect, it } from 'vitest';
import { colorTo8Bit, ybrFull422ToRgb } from './colorTransforms';

describe('ybrFull422ToRgb', () => {
  it('shares Cb/Cr across each pixel pair (PS3.3 C.7.6.3.1.2)', () => {
    // Grey (Cb = Cr = 128) stays grey; pure red has Y 76, Cb 85, Cr 255 in YBR_FULL.
    expect(Array.from(ybrFull422ToRgb([10, 200, 128, 128, 76, 76, 85, 255], 4, false))).toEqual([
      10, 10, 10, 200, 200, 200, 254, 0, 0, 254, 0, 0,
    ]);
    expect(Array.from(ybrFull422ToRgb([50, 60, 128, 128], 2, true))).toEqual([50, 50, 50, 255, 60, 60, 60, 255]);
  });
});

describe('colorTo8Bit', () => {
  it('keeps the top 8 of Bits Stored', () => {
    expect(Array.from(colorTo8Bit(Uint16Array.from([65535, 256, 0]), 16, false, 3))).toEqual([255, 1, 0]);
    expect(Array.from(colorTo8Bit(Uint16Array.from([4095, 2048, 16, 999]), 12, true, 4))).toEqual([255, 128, 1, 255]);
  });
});
