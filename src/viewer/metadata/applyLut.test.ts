import { describe, expect, it } from 'vitest';
import { applyLut, compactArray, windowOfLut } from './applyLut';

describe('applyLut', () => {
  it('maps through the table and clamps outside it', () => {
    const lut = { firstValueMapped: -2, numBitsPerEntry: 16, lut: [10, 20, 30, 40] };
    const output = applyLut(Int16Array.from([-5, -2, -1, 0, 1, 9]), lut);
    expect(Array.from(output.values)).toEqual([10, 10, 20, 30, 40, 40]);
    expect([output.min, output.max]).toEqual([10, 40]);
    expect(compactArray(output)).toBeInstanceOf(Uint8Array);
  });
  it('keeps signed and wide outputs representable', () => {
    expect(
      compactArray(applyLut([0, 1], { firstValueMapped: 0, numBitsPerEntry: 16, lut: [-1000, 3000] })),
    ).toBeInstanceOf(Int16Array);
    expect(
      compactArray(applyLut([0, 1], { firstValueMapped: 0, numBitsPerEntry: 16, lut: [0, 65535] })),
    ).toBeInstanceOf(Uint16Array);
    expect(compactArray(applyLut([0, 1], { firstValueMapped: 0, numBitsPerEntry: 16, lut: [0.5, 2] }))).toBeInstanceOf(
      Float32Array,
    );
  });
});

describe('windowOfLut', () => {
  it('spans the rising part of a VOI LUT', () => {
    expect(windowOfLut({ firstValueMapped: 100, numBitsPerEntry: 8, lut: [0, 0, 0, 50, 120, 255, 255] })).toEqual({
      lower: 102,
      upper: 105,
    });
    expect(windowOfLut({ firstValueMapped: -10, numBitsPerEntry: 8, lut: [0, 255] })).toEqual({
      lower: -10,
      upper: -9,
    });
  });
  it('has none for flat or falling tables', () => {
    expect(windowOfLut({ firstValueMapped: 0, numBitsPerEntry: 8, lut: [5, 5, 5] })).toBeUndefined();
    expect(windowOfLut({ firstValueMapped: 0, numBitsPerEntry: 8, lut: [255, 0] })).toBeUndefined();
  });
});
