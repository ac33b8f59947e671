import { describe, expect, it } from 'vitest';
import { swapBytes, vrWordSize } from './byteSwap';

describe('swapBytes', () => {
  it('reverses the bytes of 16-, 32- and 64-bit words', () => {
    const bytes = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    expect([...swapBytes(bytes, 2)]).toEqual([2, 1, 4, 3, 6, 5, 8, 7]);
    expect([...swapBytes(bytes, 4)]).toEqual([4, 3, 2, 1, 8, 7, 6, 5]);
    expect([...swapBytes(bytes, 8)]).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
    expect([...swapBytes(bytes, 1)]).toEqual([...bytes]);
  });

  it('turns big endian numbers into little endian ones', () => {
    const big = new DataView(new ArrayBuffer(16));
    big.setInt16(0, -1234, false);
    big.setFloat32(4, 3.5, false);
    big.setFloat64(8, -0.125, false);
    const bytes = new Uint8Array(big.buffer);
    const little = (wordSize: 2 | 4 | 8, from: number) =>
      new DataView(swapBytes(bytes.subarray(from, from + wordSize), wordSize).buffer);
    expect(little(2, 0).getInt16(0, true)).toBe(-1234);
    expect(little(4, 4).getFloat32(0, true)).toBe(3.5);
    expect(little(8, 8).getFloat64(0, true)).toBe(-0.125);
  });

  it('copies a trailing partial word unchanged and leaves the input alone', () => {
    const bytes = Uint8Array.from([1, 2, 3]);
    expect([...swapBytes(bytes, 2)]).toEqual([2, 1, 3]);
    expect([...bytes]).toEqual([1, 2, 3]);
  });
});

describe('vrWordSize', () => {
  it('follows the VR', () => {
    expect(vrWordSize('OB')).toBe(1);
    expect(vrWordSize('UN')).toBe(1);
    expect(vrWordSize(undefined)).toBe(1);
    expect(vrWordSize('OW')).toBe(2);
    expect(vrWordSize('AT')).toBe(2);
    expect(vrWordSize('OF')).toBe(4);
    expect(vrWordSize('OL')).toBe(4);
    expect(vrWordSize('OD')).toBe(8);
    expect(vrWordSize('OV')).toBe(8);
  });
});
