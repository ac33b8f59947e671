import dcmjs from 'dcmjs';
import { describe, expect, it } from 'vitest';
import type { DicomJsonDataset } from '../../dicom/json';
import type { FrameMetadata } from './frameMetadata';
import {
  MODULE_BUILDERS,
  imagePixelModule,
  imagePlaneModule,
  shownPhotometric,
  instanceModule,
  modalityLutModule,
  voiLutModule,
} from './modules';

const frame = (dataset: DicomJsonDataset, extra: Partial<FrameMetadata> = {}): FrameMetadata => ({
  studyInstanceUID: '1',
  seriesInstanceUID: '2',
  sopInstanceUID: '3',
  frameNumber: 1,
  dataset,
  voiLuts: [],
  ...extra,
});

describe('Cornerstone modules from DICOM JSON', () => {
  it('calibrates from Pixel Spacing only (Imager Pixel Spacing is at the detector)', () => {
    const calibrated = imagePlaneModule(frame({ '00280030': { vr: 'DS', Value: ['0.5', '0.25'] } }));
    expect(calibrated).toMatchObject({ rowPixelSpacing: 0.5, columnPixelSpacing: 0.25, usingDefaultValues: false });
    const detector = imagePlaneModule(frame({ '00181164': { vr: 'DS', Value: ['0.1', '0.1'] } }));
    expect(detector).toMatchObject({
      rowPixelSpacing: 1,
      columnPixelSpacing: 1,
      usingDefaultValues: true,
      pixelSpacing: undefined,
    });
    expect(detector.imageOrientationPatient).toEqual([1, 0, 0, 0, 1, 0]);
  });
  it('passes every file window and the VOI LUT function', () => {
    const voi = voiLutModule(
      frame({
        '00281050': { vr: 'DS', Value: ['40', '400'] },
        '00281051': { vr: 'DS', Value: ['80', '2000'] },
        '00281056': { vr: 'CS', Value: ['SIGMOID'] },
      }),
    );
    expect(voi).toMatchObject({ windowCenter: [40, 400], windowWidth: [80, 2000], voiLutFunction: 'SIGMOID' });
  });
  it('offers a VOI LUT Sequence as its linear window when the file has no window', () => {
    const voi = voiLutModule(
      frame(
        {},
        { voiLuts: [{ firstValueMapped: 0, numBitsPerEntry: 8, lut: [0, 0, 128, 255, 255], explanation: 'NORMAL' }] },
      ),
    );
    expect(voi).toMatchObject({ windowCenter: [2.5], windowWidth: [3] });
  });
  it('announces no rescale when a Modality LUT does the mapping', () => {
    const dataset = { '00281052': { vr: 'DS', Value: ['-1024'] }, '00281053': { vr: 'DS', Value: ['1'] } };
    expect(modalityLutModule(frame(dataset))).toMatchObject({ rescaleIntercept: -1024, rescaleSlope: 1 });
    expect(
      modalityLutModule(frame(dataset, { modalityLut: { firstValueMapped: 0, numBitsPerEntry: 16, lut: [0] } })),
    ).toMatchObject({
      rescaleIntercept: undefined,
      rescaleSlope: undefined,
    });
  });
  it('reads palette descriptors, 0 entries meaning 65536', () => {
    const pixel = imagePixelModule(
      frame(
        { '00280004': { vr: 'CS', Value: ['PALETTE COLOR'] }, '00281101': { vr: 'US', Value: [0, 0, 16] } },
        { palette: { red: [1], green: [2], blue: [3] } },
      ),
    );
    expect(pixel).toMatchObject({
      photometricInterpretation: 'PALETTE COLOR',
      redPaletteColorLookupTableDescriptor: [65536, 0, 16],
      redPaletteColorLookupTableData: [1],
    });
  });
});

describe('modules the SR adapters ask for', () => {
  it('gives the frame number within the instance', () => {
    expect(MODULE_BUILDERS.frameNumber?.(frame({}, { frameNumber: 7 }))).toBe(7);
  });
  it('gives the instance naturalized by keyword, without pixel or other binary values', () => {
    const naturalize = (dataset: DicomJsonDataset) => dcmjs.data.DicomMetaDictionary.naturalizeDataset(dataset);
    const instance = instanceModule(
      frame({
        '00080016': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.2'] },
        '0020000E': { vr: 'UI', Value: ['1.2.3.4'] },
        '00100010': { vr: 'PN', Value: [{ Alphabetic: 'Doe^Jane' }] },
        '00280008': { vr: 'IS', Value: [3] },
        '7FE00010': { vr: 'OW', BulkDataURI: 'http://archive/bulk/pixels' },
        '00291010': { vr: 'OB', InlineBinary: 'AAAA' },
      }),
      naturalize,
    );
    expect(instance).toMatchObject({
      SOPClassUID: '1.2.840.10008.5.1.4.1.1.2',
      SeriesInstanceUID: '1.2.3.4',
      NumberOfFrames: 3,
    });
    expect(JSON.stringify(instance.PatientName)).toContain('Doe^Jane');
    expect(instance).not.toHaveProperty('PixelData');
    expect(Object.keys(instance).some((key) => key.includes('291010'))).toBe(false);
  });
});

describe('shownPhotometric', () => {
  const dataset = (photometric: string, shape?: string): DicomJsonDataset => ({
    '00280004': { vr: 'CS', Value: [photometric] },
    ...(shape && { '20500020': { vr: 'CS', Value: [shape] } }),
  });
  it('inverts MONOCHROME2 under Presentation LUT Shape INVERSE and keeps MONOCHROME1 inverted once', () => {
    expect(shownPhotometric(dataset('MONOCHROME2', 'INVERSE'))).toBe('MONOCHROME1');
    expect(shownPhotometric(dataset('MONOCHROME2', 'IDENTITY'))).toBe('MONOCHROME2');
    expect(shownPhotometric(dataset('MONOCHROME1', 'INVERSE'))).toBe('MONOCHROME1');
    expect(shownPhotometric(dataset('MONOCHROME1'))).toBe('MONOCHROME1');
    expect(shownPhotometric(dataset('RGB'))).toBe('RGB');
  });
});
