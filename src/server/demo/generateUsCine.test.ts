import { describe, expect, it } from 'vitest';
import { isStrictUid } from './demoUid';
import { generateUsCine, US_MULTIFRAME_IMAGE_STORAGE } from './generateUsCine';
import { readBack } from './readBack';

describe('generateUsCine', () => {
  const [instance, ...rest] = [...generateUsCine()];
  if (!instance) throw new Error('no US instance');
  const file = readBack(instance.file);

  it('writes one US Multi-frame RGB instance, pixel-interleaved, 30 frames of 320×240', () => {
    expect(rest).toHaveLength(0);
    expect(file.transferSyntax).toBe('1.2.840.10008.1.2.1');
    expect(file.string('SOPClassUID')).toBe(US_MULTIFRAME_IMAGE_STORAGE);
    expect(file.string('Modality')).toBe('US');
    expect(file.string('PhotometricInterpretation')).toBe('RGB');
    expect(file.uint16('SamplesPerPixel')).toBe(3);
    expect(file.uint16('PlanarConfiguration')).toBe(0);
    expect([file.uint16('Rows'), file.uint16('Columns')]).toEqual([240, 320]);
    expect(file.numbers('NumberOfFrames')).toEqual([30]);
    expect(file.vr('PixelData')).toBe('OB');
    expect(file.pixelBytes().byteLength).toBe(240 * 320 * 30 * 3 * 1);
  });

  it('declares a 30 frames/s cine loop through FrameTime', () => {
    expect(file.dataSet.attributeTag('x00280009')).toBe('x00181063');
    expect(file.numbers('FrameTime')[0]).toBeCloseTo(1000 / 30, 5);
    expect(file.numbers('CineRate')).toEqual([30]);
  });

  it('calibrates the sector for measurements', () => {
    const region = file.dataSet.elements.x00186011?.items?.[0]?.dataSet;
    expect(region?.uint16('x00186024')).toBe(3);
    expect(region?.double('x0018602c')).toBeCloseTo(132 / 206 / 10, 6);
  });

  it('moves from frame to frame and shows colour Doppler', () => {
    const pixels = file.pixelBytes();
    const frameBytes = 240 * 320 * 3;
    const frame = (n: number) => pixels.subarray(n * frameBytes, (n + 1) * frameBytes);
    let changed = 0;
    const [first, later] = [frame(0), frame(8)];
    for (let i = 0; i < frameBytes; i++) if (first[i] !== later[i]) changed++;
    expect(changed / frameBytes).toBeGreaterThan(0.05);
    let coloured = 0;
    for (let i = 0; i < frameBytes; i += 3) if (later[i] !== later[i + 2]) coloured++;
    expect(coloured).toBeGreaterThan(1000);
  });

  it('is deterministic with valid UIDs', () => {
    const [again] = [...generateUsCine()];
    expect(Buffer.from(again?.file ?? []).equals(Buffer.from(instance.file))).toBe(true);
    for (const uid of [instance.studyInstanceUID, instance.seriesInstanceUID, instance.sopInstanceUID]) {
      expect(isStrictUid(uid)).toBe(true);
    }
  });
});
