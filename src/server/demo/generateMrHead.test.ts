import { describe, expect, it } from 'vitest';
import { isStrictUid } from './demoUid';
import { ctPhantomUids } from './generateCtPhantom';
import { generateMrHead, MR_IMAGE_STORAGE } from './generateMrHead';
import { readBack } from './readBack';

function dot(a: readonly number[], b: readonly number[]): number {
  return a.reduce((sum, value, i) => sum + value * (b[i] ?? NaN), 0);
}

describe('generateMrHead', () => {
  const instances = [...generateMrHead()];
  const files = instances.map((instance) => readBack(instance.file));

  it('writes 24 sagittal MR Image Storage instances of 256×256 unsigned 12-bit samples', () => {
    expect(instances).toHaveLength(24);
    for (const file of files) {
      expect(file.transferSyntax).toBe('1.2.840.10008.1.2.1');
      expect(file.string('SOPClassUID')).toBe(MR_IMAGE_STORAGE);
      expect(file.string('Modality')).toBe('MR');
      expect(file.string('PatientName')).toBe('DEMO^MR Head');
      expect(file.numbers('EchoTime')).toEqual([12]);
      expect(file.numbers('RepetitionTime')).toEqual([500]);
      expect(file.numbers('MagneticFieldStrength')).toEqual([1.5]);
      expect([file.uint16('Rows'), file.uint16('Columns')]).toEqual([256, 256]);
      expect([file.uint16('BitsAllocated'), file.uint16('BitsStored'), file.uint16('PixelRepresentation')]).toEqual([
        16, 12, 0,
      ]);
      expect(file.pixelBytes().byteLength).toBe(256 * 256 * 2);
    }
  });

  it('orients the slices sagittally and spaces them SpacingBetweenSlices apart along the normal', () => {
    const orientation = files[0]?.numbers('ImageOrientationPatient') ?? [];
    expect(orientation).toEqual([0, 1, 0, 0, 0, -1]);
    const row = orientation.slice(0, 3);
    const column = orientation.slice(3, 6);
    expect(dot(row, row)).toBe(1);
    expect(dot(column, column)).toBe(1);
    expect(dot(row, column)).toBe(0);
    const normal = [-1, 0, 0]; // row × column
    const spacing = files[0]?.numbers('SpacingBetweenSlices')[0];
    expect(spacing).toBe(5);
    expect(files[0]?.numbers('SliceThickness')).toEqual([4]);
    const positions = files.map((file) => file.numbers('ImagePositionPatient'));
    for (let i = 1; i < positions.length; i++) {
      const step = (positions[i] ?? []).map((value, axis) => value - (positions[i - 1]?.[axis] ?? NaN));
      expect(Math.abs(dot(step, normal))).toBeCloseTo(5, 9);
      expect(dot(step, row)).toBe(0);
      expect(dot(step, column)).toBe(0);
    }
    expect(files[0]?.numbers('PixelSpacing')).toEqual([0.9375, 0.9375]);
  });

  it('shows a head: bright tissue in the middle, a dim Rician noise floor in the corners', () => {
    const middle = files[12];
    if (!middle) throw new Error('no middle slice');
    const bytes = middle.pixelBytes();
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const at = (column: number, row: number) => view.getUint16((row * 256 + column) * 2, true);
    const corner = Array.from({ length: 100 }, (_, i) => at(i % 10, Math.floor(i / 10)));
    const cornerMean = corner.reduce((a, b) => a + b, 0) / corner.length;
    expect(cornerMean).toBeGreaterThan(3);
    expect(cornerMean).toBeLessThan(30);
    let max = 0;
    for (let i = 0; i < 256 * 256; i++) max = Math.max(max, view.getUint16(i * 2, true));
    expect(max).toBeLessThanOrEqual(4095);
    expect(max).toBeGreaterThan(600);
    // Brain (parietal white and grey matter) above the corpus callosum.
    expect(at(128, 50)).toBeGreaterThan(300);
  });

  it('is deterministic and uses its own valid UIDs', () => {
    const again = [...generateMrHead()];
    again.forEach((instance, index) => {
      expect(Buffer.from(instance.file).equals(Buffer.from(instances[index]?.file ?? []))).toBe(true);
    });
    const first = instances[0];
    for (const uid of [first?.studyInstanceUID, first?.seriesInstanceUID, ...instances.map((i) => i.sopInstanceUID)]) {
      expect(isStrictUid(uid ?? '')).toBe(true);
    }
    expect(new Set(instances.map((instance) => instance.sopInstanceUID)).size).toBe(24);
    expect(first?.studyInstanceUID).not.toBe(ctPhantomUids().study);
    expect(files[0]?.string('FrameOfReferenceUID')).not.toBe(ctPhantomUids().frameOfReference);
  });
});
