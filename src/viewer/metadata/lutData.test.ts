import { describe, expect, it } from 'vitest';
import {
  bytesFromBase64,
  descriptorOf,
  entriesOf,
  expandSegmentedLut,
  lutEntriesFromBytes,
  wordsFromBytes,
} from './lutData';

const words = (...values: number[]) => new Uint8Array(Uint16Array.from(values).buffer);

describe('LUT data', () => {
  it('reads descriptors, 0 meaning 65536 entries, and signed first values', () => {
    expect(descriptorOf([0, 0, 16], false)).toEqual([0, 0, 16]);
    expect(entriesOf([0, 0, 16])).toBe(65536);
    expect(descriptorOf([4096, 63488, 16], true)).toEqual([4096, -2048, 16]);
    expect(descriptorOf([4096, 63488, 16], false)).toEqual([4096, 63488, 16]);
    expect(descriptorOf([1, 2], false)).toBeUndefined();
  });
  it('reads 16-bit words and byte-packed 8-bit tables', () => {
    expect(lutEntriesFromBytes(words(1, 65535, 3), 3)).toEqual([1, 65535, 3]);
    expect(lutEntriesFromBytes(words(1, 65535), 2, true)).toEqual([1, -1]);
    expect(lutEntriesFromBytes(Uint8Array.from([7, 8, 9]), 3)).toEqual([7, 8, 9]);
  });
  it('expands discrete and linear segments (PS3.3 C.7.9.2)', () => {
    // Discrete 0, 100; then a linear ramp of 4 entries up to 500.
    expect(expandSegmentedLut(wordsFromBytes(words(0, 2, 0, 100, 1, 4, 500)), 6)).toEqual([0, 100, 200, 300, 400, 500]);
    expect(() => expandSegmentedLut([1, 2, 5], 2)).toThrow(/linear segment/);
    expect(() => expandSegmentedLut([0, 1, 5], 4)).toThrow(/1 of 4/);
    expect(() => expandSegmentedLut([2, 1, 0, 0], 1)).toThrow(/type 2/);
  });
  it('decodes InlineBinary', () => {
    expect(Array.from(bytesFromBase64('AQID'))).toEqual([1, 2, 3]);
  });
});
