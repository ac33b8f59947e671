import dicomParser from 'dicom-parser';
import type { Bitmap } from './bitmap';
import { parsePart10 } from './part10';

/**
 * An enhanced multi-frame object read in Node, independently of the viewer: each frame's own
 * functional-group values (the frame's item, else the shared one) and the 8-bit picture they
 * give: stored value → Rescale Slope/Intercept of that frame → the LINEAR window of that frame
 * (PS3.3 C.11.2.1.2.1). Native little-endian greyscale only, which is what the generators write.
 */
type DataSet = dicomParser.DataSet;

function item(dataSet: DataSet, sequence: string, index = 0): DataSet | undefined {
  return dataSet.elements[sequence]?.items?.[index]?.dataSet;
}

/** An attribute of a frame: from its per-frame macro item, else from the shared one. */
function frameValue<T>(
  file: DataSet,
  frameNumber: number,
  macro: string,
  read: (macroItem: DataSet) => T | undefined,
): T | undefined {
  for (const groups of [item(file, 'x52009230', frameNumber - 1), item(file, 'x52009229')]) {
    const macroItem = groups && item(groups, macro);
    const value = macroItem && read(macroItem);
    if (value !== undefined) return value;
  }
  return undefined;
}

interface FrameValues {
  readonly slope: number;
  readonly intercept: number;
  readonly center: number;
  readonly width: number;
  readonly stackId?: string;
  readonly inStackPosition?: number;
  readonly temporalPosition?: number;
  readonly echoTime?: number;
  readonly position?: readonly number[];
}

export function frameValues(file: DataSet, frameNumber: number): FrameValues {
  const content = (read: (content: DataSet) => number | string | undefined) =>
    frameValue(file, frameNumber, 'x00209111', read);
  const stackId = content((c) => c.string('x00209056'));
  const inStackPosition = content((c) => c.uint32('x00209057'));
  const temporalPosition = content((c) => c.uint32('x00209128'));
  const echoTime = frameValue(file, frameNumber, 'x00189114', (echo) => echo.double('x00189082'));
  const position = frameValue(file, frameNumber, 'x00209113', (plane) =>
    plane.string('x00200032')?.split('\\').map(Number),
  );
  return {
    slope: frameValue(file, frameNumber, 'x00289145', (t) => t.floatString('x00281053')) ?? 1,
    intercept: frameValue(file, frameNumber, 'x00289145', (t) => t.floatString('x00281052')) ?? 0,
    center: frameValue(file, frameNumber, 'x00289132', (v) => v.floatString('x00281050'))!,
    width: frameValue(file, frameNumber, 'x00289132', (v) => v.floatString('x00281051'))!,
    ...(stackId !== undefined && { stackId: String(stackId) }),
    ...(inStackPosition !== undefined && { inStackPosition: Number(inStackPosition) }),
    ...(temporalPosition !== undefined && { temporalPosition: Number(temporalPosition) }),
    ...(echoTime !== undefined && { echoTime }),
    ...(position && { position }),
  };
}

export function parseEnhanced(bytes: Uint8Array): DataSet {
  return parsePart10(bytes);
}

export function frameCount(file: DataSet): number {
  return Number(file.string('x00280008') ?? 1);
}

/** PS3.3 C.11.2.1.2.1, LINEAR, to 0–255. */
function linearWindow(x: number, center: number, width: number): number {
  if (x <= center - 0.5 - (width - 1) / 2) return 0;
  if (x > center - 0.5 + (width - 1) / 2) return 255;
  return ((x - (center - 0.5)) / (width - 1) + 0.5) * 255;
}

/** The picture of frame `frameNumber` (1-based, file order) under `window` (the frame's own by default). */
export function expectedFrame(file: DataSet, frameNumber: number, window?: { center: number; width: number }): Bitmap {
  const rows = file.uint16('x00280010')!;
  const columns = file.uint16('x00280011')!;
  const bitsAllocated = file.uint16('x00280100')!;
  const bitsStored = file.uint16('x00280101')!;
  const signed = file.uint16('x00280103') === 1;
  const values = frameValues(file, frameNumber);
  const { center, width } = window ?? values;
  const pixels = file.elements.x7fe00010!;
  const bytesPerPixel = bitsAllocated / 8;
  const view = new DataView(
    file.byteArray.buffer,
    file.byteArray.byteOffset + pixels.dataOffset + (frameNumber - 1) * rows * columns * bytesPerPixel,
    rows * columns * bytesPerPixel,
  );
  const data = new Uint8Array(rows * columns);
  const mask = 2 ** bitsStored - 1;
  for (let index = 0; index < data.length; index++) {
    let stored =
      bytesPerPixel === 1
        ? view.getUint8(index)
        : signed
          ? view.getInt16(index * 2, true)
          : view.getUint16(index * 2, true);
    if (!signed) stored &= mask;
    data[index] = Math.round(linearWindow(stored * values.slope + values.intercept, center, width));
  }
  return { width: columns, height: rows, channels: 1, data };
}

/** A stack as the scanner meant it: its frames (1-based, file order) in display order. */
export interface ScannerStack {
  readonly stackId?: string;
  readonly temporalPosition?: number;
  readonly echoTime?: number;
  readonly frames: readonly number[];
}

/**
 * Frames grouped by Stack ID, Temporal Position Index and Effective Echo Time (the dimensions the
 * generators vary), groups in ascending order of those values, frames by In-Stack Position Number,
 * else head first along the slice normal of an axial stack (descending z).
 */
export function scannerStacks(file: DataSet): ScannerStack[] {
  const frames = Array.from({ length: frameCount(file) }, (_, index) => ({
    frameNumber: index + 1,
    ...frameValues(file, index + 1),
  }));
  const key = (frame: FrameValues) => `${frame.stackId ?? ''}|${frame.temporalPosition ?? ''}|${frame.echoTime ?? ''}`;
  const groups = new Map<string, typeof frames>();
  for (const frame of frames) groups.set(key(frame), [...(groups.get(key(frame)) ?? []), frame]);
  const compare = (a: number | string | undefined, b: number | string | undefined) => Number(a ?? 0) - Number(b ?? 0);
  return [...groups.values()]
    .sort(
      ([a], [b]) =>
        compare(a!.stackId, b!.stackId) ||
        compare(a!.temporalPosition, b!.temporalPosition) ||
        compare(a!.echoTime, b!.echoTime),
    )
    .map((group) => ({
      ...(group[0]!.stackId !== undefined && { stackId: group[0]!.stackId }),
      ...(group[0]!.temporalPosition !== undefined && { temporalPosition: group[0]!.temporalPosition }),
      ...(group[0]!.echoTime !== undefined && { echoTime: group[0]!.echoTime }),
      frames: [...group]
        .sort((a, b) =>
          a.inStackPosition !== undefined && b.inStackPosition !== undefined
            ? a.inStackPosition - b.inStackPosition
            : (b.position?.[2] ?? 0) - (a.position?.[2] ?? 0),
        )
        .map((frame) => frame.frameNumber),
    }));
}
