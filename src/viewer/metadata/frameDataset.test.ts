import { describe, expect, it } from 'vitest';
import { frameDataset, numberOfFrames } from './frameDataset';

const position = (z: number) => ({ '00209113': { vr: 'SQ', Value: [{ '00200032': { vr: 'DS', Value: [0, 0, z] } }] } });

describe('frameDataset', () => {
  it('lifts shared then per-frame functional groups to the top level', () => {
    const enhanced = {
      '00280008': { vr: 'IS', Value: [2] },
      '52009229': {
        vr: 'SQ',
        Value: [{ '00289110': { vr: 'SQ', Value: [{ '00280030': { vr: 'DS', Value: [0.5, 0.5] } }] } }],
      },
      '52009230': { vr: 'SQ', Value: [position(10), position(20)] },
    };
    const second = frameDataset(enhanced, 2);
    expect(second['00200032']?.Value).toEqual([0, 0, 20]);
    expect(second['00280030']?.Value).toEqual([0.5, 0.5]);
    expect(second['52009230']).toBeUndefined();
    expect(numberOfFrames(enhanced)).toBe(2);
  });
  it('leaves classic instances alone', () => {
    const classic = { '00200032': { vr: 'DS', Value: [1, 2, 3] } };
    expect(frameDataset(classic, 1)).toBe(classic);
    expect(numberOfFrames(classic)).toBe(1);
  });
});
