import { describe, expect, it } from 'vitest';
import { isStrictUid } from './demoUid';
import { DX_FOR_PRESENTATION_STORAGE, generateChestRadiograph } from './generateChestRadiograph';
import { readBack } from './readBack';

describe('generateChestRadiograph', () => {
  const [instance] = [...generateChestRadiograph()];
  if (!instance) throw new Error('no DX instance');
  const file = readBack(instance.file);
  const bytes = file.pixelBytes();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = (column: number, row: number) => view.getUint16((row * 1024 + column) * 2, true);
  const mean = (column: number, row: number) => {
    let sum = 0;
    for (let dy = -5; dy <= 5; dy++) for (let dx = -5; dx <= 5; dx++) sum += at(column + dx, row + dy);
    return sum / 121;
  };

  it('writes a DX For Presentation MONOCHROME1 image, 12 bits stored in 16', () => {
    expect(file.transferSyntax).toBe('1.2.840.10008.1.2.1');
    expect(file.string('SOPClassUID')).toBe(DX_FOR_PRESENTATION_STORAGE);
    expect(file.string('Modality')).toBe('DX');
    expect(file.string('PhotometricInterpretation')).toBe('MONOCHROME1');
    expect(file.string('PresentationLUTShape')).toBe('INVERSE');
    expect([file.uint16('BitsAllocated'), file.uint16('BitsStored'), file.uint16('HighBit')]).toEqual([16, 12, 11]);
    expect([file.uint16('Rows'), file.uint16('Columns')]).toEqual([1024, 1024]);
    expect(bytes.byteLength).toBe(1024 * 1024 * 2);
    expect(file.numbers('PixelSpacing')).toEqual([0.4, 0.4]);
    expect(file.numbers('ImagerPixelSpacing')).toEqual([0.4, 0.4]);
    expect(file.numbers('WindowCenter').length).toBeGreaterThan(0);
    expect(file.string('PatientOrientation')).toBe('L\\F');
  });

  it('stores more exposure as higher values: air > lung > mediastinum, all within 12 bits', () => {
    let max = 0;
    for (let i = 0; i < 1024 * 1024; i++) max = Math.max(max, view.getUint16(i * 2, true));
    expect(max).toBeLessThanOrEqual(4095);
    const air = mean(20, 1000);
    const rightLung = mean(310, 420);
    const mediastinum = mean(512, 620);
    expect(air).toBeGreaterThan(rightLung + 200);
    expect(rightLung).toBeGreaterThan(mediastinum + 500);
  });

  it('is deterministic with valid UIDs', () => {
    const [again] = [...generateChestRadiograph()];
    expect(Buffer.from(again?.file ?? []).equals(Buffer.from(instance.file))).toBe(true);
    for (const uid of [instance.studyInstanceUID, instance.seriesInstanceUID, instance.sopInstanceUID]) {
      expect(isStrictUid(uid)).toBe(true);
    }
  });
});
