import { describe, expect, it } from 'vitest';
import type { DicomJsonDataset } from './json';
import { openingFrame, pixelAspectOf } from './openingImage';

const CT_IMAGE = '1.2.840.10008.5.1.4.1.1.2';
const ENHANCED_MR = '1.2.840.10008.5.1.4.1.1.4.1';
const BASIC_TEXT_SR = '1.2.840.10008.5.1.4.1.1.88.11';

function image(sop: string, sopClass = CT_IMAGE, extra: DicomJsonDataset = {}): DicomJsonDataset {
  return {
    '00080016': { vr: 'UI', Value: [sopClass] },
    '00080018': { vr: 'UI', Value: [sop] },
    '00280010': { vr: 'US', Value: [4] },
    '00280011': { vr: 'US', Value: [4] },
    '7FE00010': { vr: 'OW', BulkDataURI: `http://archive/${sop}/bulk` },
    ...extra,
  };
}

/** An enhanced object of two stacks whose frames are stored second stack first. */
function twoStacks(sop: string): DicomJsonDataset {
  const frame = (stack: string, position: number) => ({
    vr: 'SQ' as const,
    Value: [{ '00209157': { vr: 'UL', Value: [Number(stack), position] }, '00209056': { vr: 'SH', Value: [stack] } }],
  });
  return image(sop, ENHANCED_MR, {
    '00280008': { vr: 'IS', Value: [3] },
    '52009230': {
      vr: 'SQ',
      Value: [{ '00209111': frame('2', 1) }, { '00209111': frame('1', 2) }, { '00209111': frame('1', 1) }],
    },
  });
}

describe('openingFrame', () => {
  it('is the first frame of the first instance in display order', () => {
    expect(openingFrame([image('1.1'), image('1.2')])).toMatchObject({ sopInstanceUID: '1.1', frameNumber: 1 });
  });

  it('passes over what the viewer cannot show: reports, instances without pixels or without a SOP Instance UID', () => {
    const noPixels = image('1.2');
    delete noPixels['7FE00010'];
    const noUid = image('1.3');
    delete noUid['00080018'];
    const opening = openingFrame([image('1.1', BASIC_TEXT_SR), noPixels, noUid, image('1.4')]);
    expect(opening?.sopInstanceUID).toBe('1.4');
  });

  it('is undefined for a series with nothing to show', () => {
    expect(openingFrame([image('1.1', BASIC_TEXT_SR)])).toBeUndefined();
    expect(openingFrame([])).toBeUndefined();
  });

  it("opens an enhanced object on its first stack's first frame, not its first stored frame", () => {
    const opening = openingFrame([twoStacks('2.1')]);
    expect(opening?.sopInstanceUID).toBe('2.1');
    expect(opening?.frameNumber).toBe(3);
  });
});

describe('pixelAspectOf', () => {
  it('is column spacing over row spacing', () => {
    expect(pixelAspectOf({ '00280030': { vr: 'DS', Value: [0.5, 0.75] } })).toBeCloseTo(1.5);
  });

  it('is square without a usable Pixel Spacing', () => {
    expect(pixelAspectOf({})).toBe(1);
    expect(pixelAspectOf({ '00280030': { vr: 'DS', Value: [0, 0.7] } })).toBe(1);
    expect(pixelAspectOf({ '00280030': { vr: 'DS', Value: [0.7] } })).toBe(1);
  });
});
