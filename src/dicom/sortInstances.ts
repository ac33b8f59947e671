import { firstNumber, type DicomJsonDataset } from './json';

/** What ordering a stack needs from one instance. */
export interface InstanceGeometry {
  readonly imagePositionPatient?: readonly number[];
  readonly imageOrientationPatient?: readonly number[];
  readonly instanceNumber?: number;
}

function numberValues(dataset: DicomJsonDataset, tag: string, count: number): number[] | undefined {
  const values = (dataset[tag]?.Value ?? []).map((value) => (typeof value === 'number' ? value : Number(value)));
  return values.length >= count && values.slice(0, count).every(Number.isFinite) ? values.slice(0, count) : undefined;
}

/**
 * Geometry of a classic single-frame instance. Enhanced multi-frame objects keep position per frame
 * in functional groups; they are one instance, so they sort by Instance Number.
 */
export function instanceGeometry(dataset: DicomJsonDataset): InstanceGeometry {
  const imagePositionPatient = numberValues(dataset, '00200032', 3);
  const imageOrientationPatient = numberValues(dataset, '00200037', 6);
  const instanceNumber = firstNumber(dataset, '00200013');
  return {
    ...(imagePositionPatient && { imagePositionPatient }),
    ...(imageOrientationPatient && { imageOrientationPatient }),
    ...(instanceNumber !== undefined && { instanceNumber }),
  };
}

function normalOf(iop: readonly number[]): [number, number, number] {
  const [rx, ry, rz, cx, cy, cz] = iop as [number, number, number, number, number, number];
  return [ry * cz - rz * cy, rz * cx - rx * cz, rx * cy - ry * cx];
}

/** Same plane orientation (within ~0.6°) as the reference, so positions along its normal are comparable. */
function sameOrientation(a: readonly number[], b: readonly number[]): boolean {
  return a.every((value, index) => Math.abs(value - b[index]!) < 0.01);
}

/**
 * Stack order: by position along the slice normal (row × column cosines) when every instance has
 * a position and they share one orientation — descending, so an axial stack runs head to feet as
 * reading rooms expect — then by Instance Number, then by arrival. Never mutates its input.
 */
export function sortInstances<T>(items: readonly T[], geometryOf: (item: T) => InstanceGeometry): T[] {
  const entries = items.map((item, index) => ({ item, index, geometry: geometryOf(item) }));
  const reference = entries[0]?.geometry.imageOrientationPatient;
  const byPosition =
    reference !== undefined &&
    entries.every(
      ({ geometry }) =>
        geometry.imagePositionPatient !== undefined &&
        geometry.imageOrientationPatient !== undefined &&
        sameOrientation(geometry.imageOrientationPatient, reference),
    );
  const normal = reference && normalOf(reference);
  const distance = (geometry: InstanceGeometry): number => {
    const position = geometry.imagePositionPatient!;
    return position[0]! * normal![0] + position[1]! * normal![1] + position[2]! * normal![2];
  };
  return entries
    .sort((a, b) => {
      if (byPosition) {
        const delta = distance(b.geometry) - distance(a.geometry);
        // Positions are written with limited precision; closer than 1 µm is the same slice.
        if (Math.abs(delta) > 1e-3) return delta;
      }
      const numberA = a.geometry.instanceNumber ?? Number.POSITIVE_INFINITY;
      const numberB = b.geometry.instanceNumber ?? Number.POSITIVE_INFINITY;
      if (numberA !== numberB) return numberA < numberB ? -1 : 1;
      return a.index - b.index;
    })
    .map(({ item }) => item);
}
