import { firstNumber, firstString, type DicomJsonDataset } from '../json';
import { sortInstances } from '../sortInstances';
import { frameAttributes, hasFunctionalGroups, numberOfFrames } from './functionalGroups';

const DIMENSION_INDEX_SEQUENCE = '00209222';
const DIMENSION_INDEX_POINTER = '00209165';
const EFFECTIVE_ECHO_TIME = '00189082';
const DIFFUSION_B_VALUE = '00189087';

/** What ordering and splitting need from one frame of an enhanced object (PS3.3 C.7.6.16.2.2, C.7.6.17). */
interface FrameIndex {
  /** 1-based, as in the file. */
  readonly frameNumber: number;
  readonly stackId?: string;
  readonly inStackPosition?: number;
  readonly temporalPosition?: number;
  /** Effective Echo Time (ms), from the MR Echo macro. */
  readonly echoTime?: number;
  /** Diffusion b-value (s/mm²), from the MR Diffusion macro. */
  readonly bValue?: number;
  /** Dimension Index Values, one per Dimension Index Sequence item. */
  readonly dimensionValues: readonly number[];
  readonly imagePositionPatient?: readonly number[];
  readonly imageOrientationPatient?: readonly number[];
}

/** One stack of frames the scanner meant to be browsed together. */
interface EnhancedStack {
  /** Stable within the instance ("1", "stack 2/echo 1"…). */
  readonly key: string;
  /** For the series panel: "Stack 2", "Echo 2 (TE 30 ms)", "Time 3"; empty for an object with one stack. */
  readonly label: string;
  /** 1-based frame numbers in display order. */
  readonly frameNumbers: readonly number[];
}

function numberList(dataset: DicomJsonDataset, tag: string): number[] | undefined {
  const values = (dataset[tag]?.Value ?? []).map((value) => (typeof value === 'number' ? value : Number(value)));
  return values.length && values.every(Number.isFinite) ? values : undefined;
}

/** Tags (8 hex digits) the Dimension Index Sequence names as dimensions. */
export function dimensionPointers(instance: DicomJsonDataset): string[] {
  return (instance[DIMENSION_INDEX_SEQUENCE]?.Value ?? []).flatMap((item) => {
    if (typeof item !== 'object' || item === null) return [];
    const pointer = (item as DicomJsonDataset)[DIMENSION_INDEX_POINTER]?.Value?.[0];
    return typeof pointer === 'string' ? [pointer.toUpperCase()] : [];
  });
}

/** Each frame's Frame Content, echo, diffusion and plane values, shared and per-frame groups applied. */
export function frameIndices(instance: DicomJsonDataset): FrameIndex[] {
  return Array.from({ length: numberOfFrames(instance) }, (_, index) => {
    const frame = frameAttributes(instance, index + 1);
    const stackId = firstString(frame, '00209056')?.trim();
    const inStackPosition = firstNumber(frame, '00209057');
    const temporalPosition = firstNumber(frame, '00209128');
    const echoTime = firstNumber(frame, EFFECTIVE_ECHO_TIME);
    const bValue = firstNumber(frame, DIFFUSION_B_VALUE);
    const position = numberList(frame, '00200032');
    const orientation = numberList(frame, '00200037');
    return {
      frameNumber: index + 1,
      ...(stackId && { stackId }),
      ...(inStackPosition !== undefined && { inStackPosition }),
      ...(temporalPosition !== undefined && { temporalPosition }),
      ...(echoTime !== undefined && { echoTime }),
      ...(bValue !== undefined && { bValue }),
      dimensionValues: numberList(frame, '00209157') ?? [],
      ...(position?.length === 3 && { imagePositionPatient: position }),
      ...(orientation?.length === 6 && { imageOrientationPatient: orientation }),
    };
  });
}

/** A dimension along which frames are split into stacks, with how its value reads in a label. */
interface SplitDimension {
  readonly valueOf: (frame: FrameIndex) => string | number | undefined;
  readonly label: (value: string | number, ordinal: number) => string;
}

function compareValues(a: string | number | undefined, b: string | number | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  const [na, nb] = [Number(a), Number(b)];
  if (Number.isFinite(na) && Number.isFinite(nb) && na !== nb) return na - nb;
  return String(a) < String(b) ? -1 : 1;
}

function formatNumber(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/**
 * Dimensions that split an object: Stack ID always (two stacks are two geometries); Temporal
 * Position Index, and echo time and b-value where the Dimension Index names them (or there is no
 * Dimension Index to say otherwise), only when each of their values holds a stack of several
 * frames — one frame per time point (a cine at one slice) is browsed through time, not split.
 * Only dimensions whose value differs between frames split anything.
 */
function splitDimensions(instance: DicomJsonDataset, frames: readonly FrameIndex[]): SplitDimension[] {
  const pointers = dimensionPointers(instance);
  const named = (tag: string) => pointers.length === 0 || pointers.includes(tag);
  const candidates: [boolean, SplitDimension][] = [
    [true, { valueOf: (frame) => frame.stackId, label: (value) => `Stack ${value}` }],
    [true, { valueOf: (frame) => frame.temporalPosition, label: (value) => `Time ${value}` }],
    [
      named(EFFECTIVE_ECHO_TIME),
      {
        valueOf: (frame) => frame.echoTime,
        label: (value, ordinal) => `Echo ${ordinal} (TE ${formatNumber(Number(value))} ms)`,
      },
    ],
    [
      named(DIFFUSION_B_VALUE),
      { valueOf: (frame) => frame.bValue, label: (value) => `b = ${formatNumber(Number(value))} s/mm²` },
    ],
  ];
  const holdsStacks = ({ valueOf }: SplitDimension) => {
    const counts = new Map<string, number>();
    for (const frame of frames) {
      const key = `${frame.stackId ?? ''}/${valueOf(frame) ?? ''}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return [...counts.values()].some((count) => count > 1);
  };
  return candidates
    .filter(
      ([applies, dimension], index) =>
        applies && new Set(frames.map(dimension.valueOf)).size > 1 && (index === 0 || holdsStacks(dimension)),
    )
    .map(([, dimension]) => dimension);
}

/**
 * Within a stack: In-Stack Position Number when every frame has a distinct one (position 1 is one
 * end of the stack), else the position along the slice normal as for classic series, else the
 * Dimension Index Values, else file order.
 */
function orderWithinStack(frames: readonly FrameIndex[]): FrameIndex[] {
  const positions = frames.map((frame) => frame.inStackPosition);
  if (positions.every((value) => value !== undefined) && new Set(positions).size === frames.length)
    return [...frames].sort((a, b) => a.inStackPosition! - b.inStackPosition!);
  const geometric = frames.every((frame) => frame.imagePositionPatient && frame.imageOrientationPatient);
  if (geometric && new Set(frames.map((frame) => frame.imagePositionPatient!.join('\\'))).size === frames.length)
    return sortInstances(frames, (frame) => ({
      imagePositionPatient: frame.imagePositionPatient!,
      imageOrientationPatient: frame.imageOrientationPatient!,
      instanceNumber: frame.frameNumber,
    }));
  return [...frames].sort((a, b) => {
    const length = Math.max(a.dimensionValues.length, b.dimensionValues.length);
    for (let index = 0; index < length; index++) {
      const delta = compareValues(a.dimensionValues[index], b.dimensionValues[index]);
      if (delta !== 0) return delta;
    }
    return a.frameNumber - b.frameNumber;
  });
}

/**
 * An enhanced object's frames as the scanner meant them to be browsed: split into stacks by Stack
 * ID, Temporal Position Index, echo and b-value, stacks in ascending order of those values (the
 * scanner's order), frames within a stack ordered by in-stack position. Classic and single-frame
 * objects give one stack in file order.
 */
export function enhancedStacks(instance: DicomJsonDataset): EnhancedStack[] {
  const count = numberOfFrames(instance);
  const inFileOrder = Array.from({ length: count }, (_, index) => index + 1);
  if (!hasFunctionalGroups(instance) || count === 1) return [{ key: '1', label: '', frameNumbers: inFileOrder }];
  const frames = frameIndices(instance);
  const dimensions = splitDimensions(instance, frames);
  const groups = new Map<string, FrameIndex[]>();
  for (const frame of frames) {
    const key = dimensions.map((dimension) => String(dimension.valueOf(frame) ?? '')).join('/') || '1';
    groups.set(key, [...(groups.get(key) ?? []), frame]);
  }
  const ordered = [...groups.values()].sort((a, b) => {
    for (const dimension of dimensions) {
      const delta = compareValues(dimension.valueOf(a[0]!), dimension.valueOf(b[0]!));
      if (delta !== 0) return delta;
    }
    return a[0]!.frameNumber - b[0]!.frameNumber;
  });
  // Echoes are numbered in echo-time order, whatever else splits the object.
  const ordinals = dimensions.map((dimension) => {
    const values = [...new Set(frames.map(dimension.valueOf).filter((value) => value !== undefined))];
    return values.sort(compareValues);
  });
  return ordered.map((group) => {
    const first = group[0]!;
    const label = dimensions
      .map((dimension, index) => {
        const value = dimension.valueOf(first);
        return value === undefined ? '' : dimension.label(value, ordinals[index]!.indexOf(value) + 1);
      })
      .filter(Boolean)
      .join(', ');
    return {
      key: dimensions.map((dimension) => String(dimension.valueOf(first) ?? '')).join('/') || '1',
      label,
      frameNumbers: orderWithinStack(group).map((frame) => frame.frameNumber),
    };
  });
}
