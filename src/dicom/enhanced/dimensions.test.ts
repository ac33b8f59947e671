import { describe, expect, it } from 'vitest';
import type { DicomJsonDataset } from '../json';
import { dimensionPointers, enhancedStacks, frameIndices } from './dimensions';

const sq = (...items: DicomJsonDataset[]) => ({ vr: 'SQ', Value: items });

interface FrameSpec {
  stack?: string;
  inStack?: number;
  temporal?: number;
  echo?: number;
  z?: number;
  dims?: number[];
}

function frameItem({ stack, inStack, temporal, echo, z, dims }: FrameSpec): DicomJsonDataset {
  return {
    '00209111': sq({
      ...(stack !== undefined && { '00209056': { vr: 'SH', Value: [stack] } }),
      ...(inStack !== undefined && { '00209057': { vr: 'UL', Value: [inStack] } }),
      ...(temporal !== undefined && { '00209128': { vr: 'UL', Value: [temporal] } }),
      ...(dims && { '00209157': { vr: 'UL', Value: dims } }),
    }),
    ...(echo !== undefined && { '00189114': sq({ '00189082': { vr: 'FD', Value: [echo] } }) }),
    ...(z !== undefined && { '00209113': sq({ '00200032': { vr: 'DS', Value: [0, 0, z] } }) }),
  };
}

function enhanced(frames: FrameSpec[], pointers: string[] = []): DicomJsonDataset {
  return {
    '00280008': { vr: 'IS', Value: [frames.length] },
    ...(pointers.length && {
      '00209222': sq(...pointers.map((tag) => ({ '00209165': { vr: 'AT', Value: [tag] } }))),
    }),
    '52009229': sq({ '00209116': sq({ '00200037': { vr: 'DS', Value: [1, 0, 0, 0, 1, 0] } }) }),
    '52009230': sq(...frames.map(frameItem)),
  };
}

const summary = (instance: DicomJsonDataset) =>
  enhancedStacks(instance).map(({ label, frameNumbers }) => ({ label, frameNumbers }));

describe('enhancedStacks', () => {
  it('keeps a single-stack object as one stack ordered by in-stack position', () => {
    const instance = enhanced([
      { stack: '1', inStack: 3 },
      { stack: '1', inStack: 1 },
      { stack: '1', inStack: 2 },
    ]);
    expect(summary(instance)).toEqual([{ label: '', frameNumbers: [2, 3, 1] }]);
  });

  it('splits stacks by Stack ID in numeric order, whatever the file order', () => {
    const instance = enhanced([
      { stack: '10', inStack: 1 },
      { stack: '2', inStack: 2 },
      { stack: '2', inStack: 1 },
      { stack: '10', inStack: 2 },
    ]);
    expect(summary(instance)).toEqual([
      { label: 'Stack 2', frameNumbers: [3, 2] },
      { label: 'Stack 10', frameNumbers: [1, 4] },
    ]);
  });

  it('splits echoes named by the Dimension Index, numbered and labelled by echo time', () => {
    const instance = enhanced(
      [
        { stack: '1', inStack: 1, echo: 30 },
        { stack: '1', inStack: 1, echo: 10 },
        { stack: '1', inStack: 2, echo: 30 },
        { stack: '1', inStack: 2, echo: 10 },
      ],
      ['00209056', '00209057', '00189082'],
    );
    expect(summary(instance)).toEqual([
      { label: 'Echo 1 (TE 10 ms)', frameNumbers: [2, 4] },
      { label: 'Echo 2 (TE 30 ms)', frameNumbers: [1, 3] },
    ]);
  });

  it('does not split on echo time when the Dimension Index does not name it', () => {
    const instance = enhanced(
      [
        { inStack: 1, echo: 30, dims: [1] },
        { inStack: 2, echo: 10, dims: [2] },
      ],
      ['00209057'],
    );
    expect(summary(instance)).toEqual([{ label: '', frameNumbers: [1, 2] }]);
  });

  it('splits time points that each hold a stack, and combines labels with stacks', () => {
    const instance = enhanced([
      { stack: '1', temporal: 2, inStack: 1 },
      { stack: '1', temporal: 1, inStack: 1 },
      { stack: '2', temporal: 1, inStack: 1 },
      { stack: '1', temporal: 2, inStack: 2 },
      { stack: '1', temporal: 1, inStack: 2 },
      { stack: '2', temporal: 1, inStack: 2 },
    ]);
    expect(summary(instance)).toEqual([
      { label: 'Stack 1, Time 1', frameNumbers: [2, 5] },
      { label: 'Stack 1, Time 2', frameNumbers: [1, 4] },
      { label: 'Stack 2, Time 1', frameNumbers: [3, 6] },
    ]);
  });

  it('browses one slice through time as one stack instead of splitting each time point off', () => {
    const instance = enhanced(
      [3, 1, 2].map((temporal) => ({ stack: '1', inStack: 1, temporal, dims: [1, 1, temporal] })),
      ['00209056', '00209057', '00209128'],
    );
    expect(summary(instance)).toEqual([{ label: '', frameNumbers: [2, 3, 1] }]);
  });

  it('orders by position along the normal without in-stack positions, then by dimension values', () => {
    expect(summary(enhanced([{ z: 0 }, { z: 10 }, { z: 5 }]))[0]!.frameNumbers).toEqual([2, 3, 1]);
    expect(summary(enhanced([{ dims: [1, 3] }, { dims: [1, 1] }, { dims: [1, 2] }]))[0]!.frameNumbers).toEqual([
      2, 3, 1,
    ]);
  });

  it('gives classic objects one stack in file order', () => {
    expect(summary({ '00280008': { vr: 'IS', Value: [3] } })).toEqual([{ label: '', frameNumbers: [1, 2, 3] }]);
  });
});

describe('frameIndices', () => {
  it('reads Frame Content, echo and position per frame, and the dimension pointers', () => {
    const instance = enhanced(
      [{ stack: 'A', inStack: 4, temporal: 2, echo: 12.5, z: 7, dims: [1, 4] }],
      ['00209056', '00209057'],
    );
    expect(frameIndices(instance)[0]).toEqual({
      frameNumber: 1,
      stackId: 'A',
      inStackPosition: 4,
      temporalPosition: 2,
      echoTime: 12.5,
      dimensionValues: [1, 4],
      imagePositionPatient: [0, 0, 7],
      imageOrientationPatient: [1, 0, 0, 0, 1, 0],
    });
    expect(dimensionPointers(instance)).toEqual(['00209056', '00209057']);
  });
});
