import { describe, expect, it } from 'vitest';
import { instanceGeometry, sortInstances, type InstanceGeometry } from './sortInstances';

const AXIAL = [1, 0, 0, 0, 1, 0];
const slice = (name: string, z: number, instanceNumber?: number, iop = AXIAL) => ({
  name,
  geometry: {
    imagePositionPatient: [-100, -100, z],
    imageOrientationPatient: iop,
    ...(instanceNumber !== undefined && { instanceNumber }),
  } as InstanceGeometry,
});
const names = (items: { name: string }[]) => items.map((item) => item.name);

describe('sortInstances', () => {
  it('orders an axial stack head to feet by position, whatever the instance numbers say', () => {
    const items = [slice('mid', 0, 1), slice('feet', -5, 2), slice('head', 5, 3)];
    expect(names(sortInstances(items, (i) => i.geometry))).toEqual(['head', 'mid', 'feet']);
  });
  it('projects on the normal for oblique stacks', () => {
    const a = (30 * Math.PI) / 180;
    const iop = [1, 0, 0, 0, Math.cos(a), Math.sin(a)];
    // Normal = row × column = (0, -sin a, cos a); positions step along it.
    const at = (name: string, t: number) => ({
      name,
      geometry: { imagePositionPatient: [0, -Math.sin(a) * t + 3, Math.cos(a) * t], imageOrientationPatient: iop },
    });
    expect(names(sortInstances([at('b', 1), at('c', 2), at('a', 3)], (i) => i.geometry))).toEqual(['a', 'c', 'b']);
  });
  it('falls back to instance number when a position is missing or orientations differ', () => {
    const noPosition = [slice('two', 9, 2), { name: 'one', geometry: { instanceNumber: 1 } }];
    expect(names(sortInstances(noPosition, (i) => i.geometry))).toEqual(['one', 'two']);
    const mixed = [slice('b', 0, 2), slice('a', -5, 1, [0, 1, 0, 0, 0, -1])];
    expect(names(sortInstances(mixed, (i) => i.geometry))).toEqual(['a', 'b']);
  });
  it('breaks position ties by instance number, then arrival, and keeps the input intact', () => {
    const items = [
      slice('x', 0, 3),
      slice('y', 0.0000001, 2),
      { name: 'p', geometry: {} },
      { name: 'q', geometry: {} },
    ];
    const copy = [...items];
    expect(names(sortInstances(items, (i) => i.geometry))).toEqual(['y', 'x', 'p', 'q']);
    expect(items).toEqual(copy);
    expect(sortInstances([], (i: { geometry: InstanceGeometry }) => i.geometry)).toEqual([]);
  });
});

describe('instanceGeometry', () => {
  it('reads position, orientation and number from DICOM JSON', () => {
    expect(
      instanceGeometry({
        '00200032': { vr: 'DS', Value: ['-125', '-125.5', 10] },
        '00200037': { vr: 'DS', Value: [1, 0, 0, 0, 1, 0] },
        '00200013': { vr: 'IS', Value: ['7'] },
      }),
    ).toEqual({
      imagePositionPatient: [-125, -125.5, 10],
      imageOrientationPatient: [1, 0, 0, 0, 1, 0],
      instanceNumber: 7,
    });
    expect(instanceGeometry({ '00200032': { vr: 'DS', Value: [1, 2] } })).toEqual({});
  });
});
