import { describe, expect, it } from 'vitest';
import { ctPhantomGeometry, describeCtPhantom } from './ctPhantomGeometry';
import { isStrictUid } from './demoUid';
import { CT_IMAGE_STORAGE, ctPhantomUids, generateCtPhantom } from './generateCtPhantom';
import { readBack, type ReadBack } from './readBack';

function huOf(file: ReadBack): Int16Array {
  const bytes = file.pixelBytes();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [intercept = NaN] = file.numbers('RescaleIntercept');
  const [slope = NaN] = file.numbers('RescaleSlope');
  return Int16Array.from({ length: bytes.byteLength / 2 }, (_, i) => view.getInt16(i * 2, true) * slope + intercept);
}

function dot(a: readonly number[], b: readonly number[]): number {
  return a.reduce((sum, value, i) => sum + value * (b[i] ?? NaN), 0);
}

function cross(a: readonly number[], b: readonly number[]): number[] {
  const [a0 = NaN, a1 = NaN, a2 = NaN] = a;
  const [b0 = NaN, b1 = NaN, b2 = NaN] = b;
  return [a1 * b2 - a2 * b1, a2 * b0 - a0 * b2, a0 * b1 - a1 * b0];
}

describe('generateCtPhantom', () => {
  const small = [...generateCtPhantom({ slices: 12, rows: 64, columns: 96 })].map((instance) => ({
    instance,
    file: readBack(instance.file),
  }));

  it('writes CT Image Storage Part 10 files in Explicit VR Little Endian', () => {
    for (const { instance, file } of small) {
      expect(file.transferSyntax).toBe('1.2.840.10008.1.2.1');
      expect(file.string('MediaStorageSOPClassUID')).toBe(CT_IMAGE_STORAGE);
      expect(file.string('SOPClassUID')).toBe(CT_IMAGE_STORAGE);
      expect(file.string('SOPInstanceUID')).toBe(instance.sopInstanceUID);
      expect(file.string('MediaStorageSOPInstanceUID')).toBe(instance.sopInstanceUID);
      expect(file.string('StudyInstanceUID')).toBe(instance.studyInstanceUID);
      expect(file.string('Modality')).toBe('CT');
      expect(file.string('PatientName')).toBe('DEMO^CT Phantom');
      expect(file.string('PatientID')).toBe('SR-DEMO-0001');
      expect(file.uint16('PixelRepresentation')).toBe(1);
      expect(file.vr('PixelData')).toBe('OW');
      expect(file.string('WindowCenterWidthExplanation')).toBe('SOFT TISSUE\\LUNG\\BONE');
      expect(file.numbers('WindowCenter')).toEqual([40, -600, 400]);
      expect(file.numbers('WindowWidth')).toEqual([400, 1500, 1800]);
    }
  });

  it('gives every slice the pixel data its attributes describe', () => {
    for (const { file } of small) {
      const rows = file.uint16('Rows') ?? 0;
      const columns = file.uint16('Columns') ?? 0;
      expect([rows, columns]).toEqual([64, 96]);
      expect(file.pixelBytes().byteLength).toBe((rows * columns * 1 * 1 * (file.uint16('BitsAllocated') ?? 0)) / 8);
    }
  });

  it('stacks axial slices along the slice normal at SpacingBetweenSlices', () => {
    const geometry = describeCtPhantom({ slices: 12, rows: 64, columns: 96 });
    const positions = small.map(({ file }) => file.numbers('ImagePositionPatient'));
    const orientation = small[0]?.file.numbers('ImageOrientationPatient') ?? [];
    const row = orientation.slice(0, 3);
    const column = orientation.slice(3, 6);
    expect(dot(row, row)).toBeCloseTo(1, 12);
    expect(dot(column, column)).toBeCloseTo(1, 12);
    expect(dot(row, column)).toBeCloseTo(0, 12);
    const normal = cross(row, column);
    expect(normal).toEqual([0, 0, 1]);
    const spacing = small[0]?.file.numbers('SpacingBetweenSlices')[0] ?? NaN;
    expect(spacing).toBe(geometry.spacingBetweenSlices);
    expect(spacing).toBe(25);
    for (let i = 1; i < positions.length; i++) {
      const step = (positions[i] ?? []).map((value, axis) => value - (positions[i - 1]?.[axis] ?? NaN));
      expect(Math.abs(dot(step, normal))).toBeCloseTo(spacing, 6);
      expect(step[0]).toBe(0);
      expect(step[1]).toBe(0);
    }
    small.forEach(({ file }, index) => {
      expect(file.numbers('InstanceNumber')).toEqual([index + 1]);
      expect(file.numbers('SliceLocation')).toEqual([positions[index]?.[2]]);
      expect(positions[index]).toEqual([...(geometry.imagePositions[index] ?? [])]);
    });
  });

  it('is deterministic: same bytes and UIDs on every run', () => {
    const again = [...generateCtPhantom({ slices: 12, rows: 64, columns: 96 })];
    again.forEach((instance, index) => {
      expect(instance.sopInstanceUID).toBe(small[index]?.instance.sopInstanceUID);
      expect(Buffer.from(instance.file).equals(Buffer.from(small[index]?.instance.file ?? []))).toBe(true);
    });
  });

  it('uses valid, distinct UIDs, and other ones for a differently sized phantom', () => {
    const uids = small.flatMap(({ instance }) => [instance.sopInstanceUID]);
    const first = small[0]?.instance;
    for (const uid of [...uids, first?.studyInstanceUID ?? '', first?.seriesInstanceUID ?? '']) {
      expect(isStrictUid(uid), uid).toBe(true);
    }
    expect(new Set(uids).size).toBe(uids.length);
    expect(ctPhantomUids().study).not.toBe(first?.studyInstanceUID);
    expect(ctPhantomUids({ slices: 120, rows: 512, columns: 512 }).study).toBe(ctPhantomUids().study);
  });

  it('describes the default phantom: 120 slices of 512×512 at 0.7 mm, 2.5 mm apart', () => {
    expect(ctPhantomGeometry).toMatchObject({ slices: 120, rows: 512, columns: 512, pixelSpacing: [0.7, 0.7] });
    expect(ctPhantomGeometry.spacingBetweenSlices).toBe(2.5);
    expect(ctPhantomGeometry.imagePositions[0]).toEqual([-179.2, -179.2, 148.75]);
    const [water, , bone] = ctPhantomGeometry.inserts;
    expect(water?.centerPixel).toEqual({ column: 168, row: 448 });
    expect(bone?.centerPixel).toEqual({ column: 344, row: 448 });
    expect(((bone?.centerPixel.column ?? 0) - (water?.centerPixel.column ?? 0)) * 0.7).toBeCloseTo(123.2, 9);
  });

  it('holds exactly the described HU in the calibration rods and the air, with noise elsewhere', () => {
    const wanted = new Set([0, 59, 119]);
    const slices: Int16Array[] = [];
    let index = 0;
    for (const instance of generateCtPhantom()) {
      if (wanted.has(index)) slices.push(huOf(readBack(instance.file)));
      index++;
    }
    expect(index).toBe(120);
    const { columns, pixelSpacing, inserts } = ctPhantomGeometry;
    for (const hu of slices) {
      expect(hu[2 * columns + 2]).toBe(-1000);
      for (const insert of inserts) {
        const reach = insert.uniformRadiusMm / pixelSpacing[1];
        let count = 0;
        for (let row = Math.floor(insert.centerPixel.row - reach); row <= insert.centerPixel.row + reach; row++) {
          for (
            let column = Math.floor(insert.centerPixel.column - reach);
            column <= insert.centerPixel.column + reach;
            column++
          ) {
            if ((row - insert.centerPixel.row) ** 2 + (column - insert.centerPixel.column) ** 2 > reach * reach)
              continue;
            expect(hu[row * columns + column]).toBe(insert.hu);
            count++;
          }
        }
        expect(count).toBeGreaterThan(100);
      }
      // The calibration pad (30 HU) between the water and fat rods: noisy like any tissue.
      const pad = Array.from({ length: 41 }, (_, i) => hu[440 * columns + 190 + i] ?? NaN);
      const mean = pad.reduce((a, b) => a + b, 0) / pad.length;
      expect(new Set(pad).size).toBeGreaterThan(10);
      expect(Math.abs(mean - 30)).toBeLessThan(10);
    }
  });
});
