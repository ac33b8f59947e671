import { describe, expect, it } from 'vitest';
import type { DicomJsonDataset } from '../../dicom/json';
import {
  overlayDescriptions,
  overlayFrameFor,
  overlayMask,
  unpackOverlayFrame,
  type OverlayPlane,
} from './overlayPlanes';

const plane = (overrides: Partial<OverlayPlane>): OverlayPlane => ({
  group: 0x6000,
  rows: 2,
  columns: 5,
  origin: [1, 1],
  type: 'G',
  imageFrameOrigin: 1,
  data: new Uint8Array(),
  ...overrides,
});

describe('overlay planes', () => {
  it('reads every group 6000–601E that carries Overlay Data, with its origin, type and frames', () => {
    const dataset: DicomJsonDataset = {
      '60000010': { vr: 'US', Value: [4] },
      '60000011': { vr: 'US', Value: [8] },
      '60000050': { vr: 'SS', Value: [3, 5] },
      '60000040': { vr: 'CS', Value: ['G'] },
      '60000100': { vr: 'US', Value: [1] },
      '60003000': { vr: 'OW', BulkDataURI: 'http://archive/bulk/6000' },
      '601E0010': { vr: 'US', Value: [2] },
      '601E0011': { vr: 'US', Value: [2] },
      '601E0040': { vr: 'CS', Value: ['R'] },
      '601E0015': { vr: 'IS', Value: [3] },
      '601E0051': { vr: 'US', Value: [2] },
      '601E3000': { vr: 'OB', InlineBinary: 'AA==' },
      // Embedded in the pixel data's high bits (retired): not an overlay plane of its own.
      '60020010': { vr: 'US', Value: [4] },
      '60020011': { vr: 'US', Value: [4] },
      '60020100': { vr: 'US', Value: [16] },
      '60023000': { vr: 'OW', InlineBinary: 'AA==' },
    };
    expect(overlayDescriptions(dataset)).toEqual([
      { group: 0x6000, rows: 4, columns: 8, origin: [3, 5], type: 'G', imageFrameOrigin: 1, dataTag: '60003000' },
      {
        group: 0x601e,
        rows: 2,
        columns: 2,
        origin: [1, 1],
        type: 'R',
        frames: 3,
        imageFrameOrigin: 2,
        dataTag: '601E3000',
      },
    ]);
  });

  it('unpacks bits from the least significant bit, running on across frames', () => {
    // 2 × 5 = 10 bits a frame. Frame 0: bits 0 and 9; frame 1: bit 10 (its first) and bit 19 (its last).
    const data = new Uint8Array([0b0000_0001, 0b0000_0110, 0b0000_1000, 0, 0]);
    expect(Array.from(unpackOverlayFrame(plane({ data }), 0))).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(Array.from(unpackOverlayFrame(plane({ data }), 1))).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  });

  it('maps image frames to overlay frames through Image Frame Origin', () => {
    const multi = { frames: 3, imageFrameOrigin: 2 };
    expect([1, 2, 3, 4, 5].map((frame) => overlayFrameFor(multi, frame))).toEqual([undefined, 0, 1, 2, undefined]);
    // Without Number of Frames in Overlay one overlay covers every frame.
    expect(overlayFrameFor({ imageFrameOrigin: 1 }, 7)).toBe(0);
  });

  it('places each plane at its origin on the image, clipped, and merges the planes', () => {
    const a = plane({ rows: 1, columns: 2, origin: [2, 3], data: new Uint8Array([0b11]) });
    // Starts one column left of the image: its first bit falls off.
    const b = plane({ group: 0x6002, rows: 1, columns: 2, origin: [1, 0], data: new Uint8Array([0b11]) });
    expect(Array.from(overlayMask([a, b], 1, 3, 4)!)).toEqual([1, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0]);
    const onFrame2 = plane({ rows: 1, columns: 1, frames: 1, imageFrameOrigin: 2, data: new Uint8Array([1]) });
    expect(overlayMask([onFrame2], 1, 1, 1)).toBeUndefined();
    expect(Array.from(overlayMask([onFrame2], 2, 1, 1)!)).toEqual([1]);
  });
});
