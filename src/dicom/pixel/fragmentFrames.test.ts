import { describe, expect, it } from 'vitest';
import { FragmentLayoutError, fragmentFrames, startsCodestream, type FragmentInfo } from './fragmentFrames';

const SOI = [0xff, 0xd8, 0xff, 0xe0];
const EOI = [0xff, 0xd9];

/** Fragments with the given bodies, their offsets counted as in PS3.5 A.4 (8-byte Item headers). */
function fragments(...bodies: number[][]): FragmentInfo[] {
  let offset = 0;
  return bodies.map((body) => {
    const fragment = { offset, bytes: Uint8Array.from(body) };
    offset += 8 + body.length;
    return fragment;
  });
}

const middle = (n: number) => Array.from({ length: n }, (_, i) => (i * 37 + 1) & 0x7f);

describe('fragmentFrames', () => {
  it('puts every fragment of a single-frame image into frame 1', () => {
    const input = fragments([...SOI, ...middle(6)], middle(8), [...middle(4), ...EOI]);
    expect(fragmentFrames({ fragments: input, numberOfFrames: 1, encoding: 'jpeg', basicOffsetTable: [] })).toEqual([
      [0, 1, 2],
    ]);
  });

  it('follows a valid Basic Offset Table', () => {
    const input = fragments([...SOI, 1, 2], [3, 4, ...EOI], [...SOI, 5, 6], [...EOI, 0, 0]);
    const table = [0, input[2]!.offset];
    expect(fragmentFrames({ fragments: input, numberOfFrames: 2, encoding: 'jpeg', basicOffsetTable: table })).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });

  it('prefers the Extended Offset Table', () => {
    const input = fragments([...SOI, 1, 2], [...SOI, 3, 4], [5, 6, ...EOI]);
    const frames = fragmentFrames({
      fragments: input,
      numberOfFrames: 2,
      encoding: 'jpeg',
      basicOffsetTable: [0, 999],
      extendedOffsetTable: [0, input[1]!.offset],
    });
    expect(frames).toEqual([[0], [1, 2]]);
  });

  it('ignores a Basic Offset Table that points past the data or between fragments', () => {
    const input = fragments([...SOI, 1, ...EOI], [...SOI, 2, ...EOI], [...SOI, 3, ...EOI]);
    for (const table of [
      [0, 14, 1_000_000],
      [0, 3, 28],
      [0, 28, 14],
      [14, 28, 0],
    ]) {
      expect(
        fragmentFrames({ fragments: input, numberOfFrames: 3, encoding: 'jpeg', basicOffsetTable: table }),
      ).toEqual([[0], [1], [2]]);
    }
  });

  it('ignores a table whose frames do not start with a codestream marker', () => {
    const input = fragments([...SOI, 1, 2], [3, 4, ...EOI], [...SOI, 5, ...EOI]);
    const frames = fragmentFrames({
      fragments: input,
      numberOfFrames: 2,
      encoding: 'jpeg',
      basicOffsetTable: [0, input[1]!.offset],
    });
    expect(frames).toEqual([[0, 1], [2]]);
  });

  it('finds frames by start markers when fragments outnumber frames', () => {
    const input = fragments([...SOI, 1], middle(10), [2, ...EOI], [...SOI, 3], [4, ...EOI]);
    expect(fragmentFrames({ fragments: input, numberOfFrames: 2, encoding: 'jpeg', basicOffsetTable: [] })).toEqual([
      [0, 1, 2],
      [3, 4],
    ]);
  });

  it('falls back to end markers (FFD9, maybe padded) when a continuation happens to look like a start', () => {
    const input = fragments([...SOI, 1], [...SOI, 9, 9], [2, ...EOI, 0], [...SOI, 3], [4, ...EOI]);
    expect(fragmentFrames({ fragments: input, numberOfFrames: 2, encoding: 'jpeg', basicOffsetTable: [] })).toEqual([
      [0, 1, 2],
      [3, 4],
    ]);
    const soc = [0xff, 0x4f, 0xff, 0x51];
    const j2k = fragments([...soc, 1], [...soc, 9], [2, ...EOI, 0], soc, [4, ...EOI]);
    expect(fragmentFrames({ fragments: j2k, numberOfFrames: 2, encoding: 'jpeg2000', basicOffsetTable: [] })).toEqual([
      [0, 1, 2],
      [3, 4],
    ]);
  });

  it('maps one fragment per frame when counts agree and there is no table', () => {
    const rle = fragments([2, 0, 0, 0], [2, 0, 0, 0], [2, 0, 0, 0]);
    expect(fragmentFrames({ fragments: rle, numberOfFrames: 3, encoding: 'rle', basicOffsetTable: [] })).toEqual([
      [0],
      [1],
      [2],
    ]);
  });

  it('refuses layouts it cannot resolve', () => {
    const rle = fragments([2, 0, 0, 0], [1, 2], [2, 0, 0, 0]);
    expect(() => fragmentFrames({ fragments: rle, numberOfFrames: 2, encoding: 'rle', basicOffsetTable: [] })).toThrow(
      FragmentLayoutError,
    );
    expect(() => fragmentFrames({ fragments: rle, numberOfFrames: 4, encoding: 'rle', basicOffsetTable: [] })).toThrow(
      /cannot hold/,
    );
    expect(() => fragmentFrames({ fragments: [], numberOfFrames: 1, encoding: 'jpeg', basicOffsetTable: [] })).toThrow(
      /no fragments/,
    );
  });
});

describe('startsCodestream', () => {
  it('knows JPEG, JPEG-LS, JPEG 2000 codestreams and JP2 files', () => {
    expect(startsCodestream(Uint8Array.from([0xff, 0xd8, 0xff, 0xf7]), 'jpegLs')).toBe(true);
    expect(startsCodestream(Uint8Array.from([0xff, 0x4f, 0xff, 0x51]), 'htj2k')).toBe(true);
    expect(startsCodestream(Uint8Array.from([0, 0, 0, 0x0c, 0x6a, 0x50, 0x20, 0x20]), 'jpeg2000')).toBe(true);
    expect(startsCodestream(Uint8Array.from([0xff, 0xd8]), 'jpeg')).toBe(false);
    expect(startsCodestream(Uint8Array.from([0xff, 0xd8, 0xff]), 'rle')).toBe(false);
  });
});
