import { describe, expect, it } from 'vitest';
import type { DicomJsonDataset } from '../../dicom/json';
import { frameDataset } from './frameDataset';
import type { FrameMetadata } from './frameMetadata';
import { MODULE_BUILDERS } from './modules';

const sq = (...items: DicomJsonDataset[]) => ({ vr: 'SQ', Value: items });
const ds = (...values: number[]) => ({ vr: 'DS', Value: values });

/** Two frames that differ in every functional group the display reads, as an enhanced object carries them. */
const instance: DicomJsonDataset = {
  '00080008': { vr: 'CS', Value: ['DERIVED', 'PRIMARY', 'M', 'NONE'] },
  '00280008': { vr: 'IS', Value: [2] },
  '52009229': sq({ '00289110': sq({ '00280030': ds(0.8, 0.8), '00180050': ds(3) }) }),
  '52009230': sq(
    {
      '00289145': sq({ '00281053': ds(1), '00281052': ds(0) }),
      '00289132': sq({ '00281050': ds(2000), '00281051': ds(4000) }),
      '00209113': sq({ '00200032': ds(0, 0, 4) }),
      '00209116': sq({ '00200037': ds(1, 0, 0, 0, 1, 0) }),
      '00189226': sq({ '00089007': { vr: 'CS', Value: ['ORIGINAL', 'PRIMARY', 'M', 'NONE'] } }),
    },
    {
      '00289145': sq({ '00281053': ds(2.25), '00281052': ds(-10) }),
      '00289132': sq({ '00281050': ds(4500), '00281051': ds(7200) }),
      '00209113': sq({ '00200032': ds(0, 8, 0) }),
      '00209116': sq({ '00200037': ds(1, 0, 0, 0, 0, -1) }),
      '00189226': sq({ '00089007': { vr: 'CS', Value: ['DERIVED', 'PRIMARY', 'M', 'SUBTRACTION'] } }),
    },
  ),
};

function moduleOf(type: string, frameNumber: number): Record<string, unknown> {
  const frame: FrameMetadata = {
    studyInstanceUID: '1',
    seriesInstanceUID: '2',
    sopInstanceUID: '3',
    frameNumber,
    dataset: frameDataset(instance, frameNumber),
    voiLuts: [],
  };
  return MODULE_BUILDERS[type]!(frame) as Record<string, unknown>;
}

describe('Cornerstone modules of an enhanced frame', () => {
  it("carry frame k's rescale, not frame 1's", () => {
    expect(moduleOf('modalityLutModule', 1)).toMatchObject({ rescaleSlope: 1, rescaleIntercept: 0 });
    expect(moduleOf('modalityLutModule', 2)).toMatchObject({ rescaleSlope: 2.25, rescaleIntercept: -10 });
  });
  it("carry frame k's window", () => {
    expect(moduleOf('voiLutModule', 2)).toMatchObject({ windowCenter: [4500], windowWidth: [7200] });
  });
  it("carry frame k's plane and the shared pixel measures", () => {
    expect(moduleOf('imagePlaneModule', 2)).toMatchObject({
      imagePositionPatient: [0, 8, 0],
      columnCosines: [0, 0, -1],
      pixelSpacing: [0.8, 0.8],
      sliceThickness: 3,
    });
  });
  it("give frame k's Frame Type as its image type", () => {
    expect(moduleOf('generalImageModule', 2)).toMatchObject({ imageType: ['DERIVED', 'PRIMARY', 'M', 'SUBTRACTION'] });
  });
});
