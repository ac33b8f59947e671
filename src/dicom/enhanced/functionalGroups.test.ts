import { describe, expect, it } from 'vitest';
import { frameAttributes } from './functionalGroups';

const sq = (...items: object[]) => ({ vr: 'SQ', Value: items });
const transform = (slope: number, intercept: number) =>
  sq({ '00281053': { vr: 'DS', Value: [slope] }, '00281052': { vr: 'DS', Value: [intercept] } });
const window = (center: number, width: number) =>
  sq({ '00281050': { vr: 'DS', Value: [center] }, '00281051': { vr: 'DS', Value: [width] } });

describe('frameAttributes', () => {
  it('gives each frame its own rescale and window, shared groups filling the rest', () => {
    const instance = {
      '00280008': { vr: 'IS', Value: [2] },
      '52009229': sq({ '00289110': sq({ '00280030': { vr: 'DS', Value: [0.5, 0.5] } }) }),
      '52009230': sq(
        {
          '00289145': transform(1, 0),
          '00289132': window(100, 200),
          '00189226': sq({ '00089007': { vr: 'CS', Value: ['ORIGINAL', 'PRIMARY', 'M', 'NONE'] } }),
        },
        { '00289145': transform(2.5, -10), '00289132': window(300, 50) },
      ),
    };
    const second = frameAttributes(instance, 2);
    expect(second['00281053']?.Value).toEqual([2.5]);
    expect(second['00281052']?.Value).toEqual([-10]);
    expect(second['00281050']?.Value).toEqual([300]);
    expect(second['00280030']?.Value).toEqual([0.5, 0.5]);
    expect(frameAttributes(instance, 1)['00089007']?.Value).toEqual(['ORIGINAL', 'PRIMARY', 'M', 'NONE']);
    expect(second['52009230']).toBeUndefined();
  });

  it('ignores private functional groups that repeat classic attributes', () => {
    const instance = {
      '52009230': sq({
        '00289145': transform(2, 0),
        // Philips' MR Image Frame Private item, after the standard macros in tag order.
        '2005140F': sq({ '00281053': { vr: 'DS', Value: [1] }, '00281050': { vr: 'DS', Value: [9] } }),
      }),
    };
    const frame = frameAttributes(instance, 1);
    expect(frame['00281053']?.Value).toEqual([2]);
    expect(frame['00281050']).toBeUndefined();
  });
});
