import { readFileSync } from 'node:fs';
import dicomParser from 'dicom-parser';

/** A native (uncompressed) greyscale frame read on the Node side, independently of the viewer. */
interface NodeFrame {
  rows: number;
  columns: number;
  pixelSpacing?: [number, number];
  /** Stored values after Rescale Slope/Intercept, row by row. */
  values: Float64Array;
}

/** Reads frame 1 of a native little-endian greyscale file with dicom-parser. */
export function readNativeFrame(file: string): NodeFrame {
  const bytes = new Uint8Array(readFileSync(file));
  const dataSet = dicomParser.parseDicom(bytes);
  const rows = dataSet.uint16('x00280010') ?? 0;
  const columns = dataSet.uint16('x00280011') ?? 0;
  const bitsAllocated = dataSet.uint16('x00280100');
  const signed = dataSet.uint16('x00280103') === 1;
  const slope = dataSet.floatString('x00281053') ?? 1;
  const intercept = dataSet.floatString('x00281052') ?? 0;
  const element = dataSet.elements.x7fe00010;
  if (!element || bitsAllocated !== 16) throw new Error(`${file}: only native 16-bit greyscale is read here`);
  const view = new DataView(bytes.buffer, bytes.byteOffset + element.dataOffset, rows * columns * 2);
  const values = new Float64Array(rows * columns);
  for (let i = 0; i < values.length; i++)
    values[i] = (signed ? view.getInt16(i * 2, true) : view.getUint16(i * 2, true)) * slope + intercept;
  const spacing = dataSet.string('x00280030')?.split('\\').map(Number);
  return {
    rows,
    columns,
    values,
    ...(spacing?.length === 2 && { pixelSpacing: [spacing[0]!, spacing[1]!] as [number, number] }),
  };
}

/** Mean of the pixels with column in [c1, c2] and row in [r1, r2], inclusive. */
export function regionMean(
  frame: NodeFrame,
  [c1, r1]: readonly [number, number],
  [c2, r2]: readonly [number, number],
): number {
  let sum = 0;
  let count = 0;
  for (let row = r1; row <= r2; row++) {
    for (let column = c1; column <= c2; column++) {
      sum += frame.values[row * frame.columns + column]!;
      count++;
    }
  }
  return sum / count;
}
