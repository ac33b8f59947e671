import { demoUids, studyAttributes, type DemoInstance, type DemoUids } from './demoStudies';
import { ds, dsList } from './dicomValues';
import { renderChestRadiograph, type ChestRadiographGeometry } from './renderChestRadiograph';
import { littleEndianBytes, writePart10 } from './writePart10';

export const DX_FOR_PRESENTATION_STORAGE = '1.2.840.10008.5.1.4.1.1.1.1';

export interface ChestRadiographOptions {
  /** Square matrix side, default 1024; the 410 mm field stays the same. */
  readonly matrix?: number;
}

/** Window in stored values (rescale is identity); MONOCHROME1 inverts after the VOI LUT. */
const DX_WINDOWS = [
  { center: 2100, width: 3400, explanation: 'DEFAULT' },
  { center: 1500, width: 2000, explanation: 'MEDIASTINUM' },
] as const;

function describeChestRadiograph(options: ChestRadiographOptions = {}): ChestRadiographGeometry {
  const matrix = options.matrix ?? 1024;
  if (!Number.isInteger(matrix) || matrix < 64 || matrix > 4096) {
    throw new RangeError(`chest radiograph matrix must be an integer from 64 to 4096, got ${matrix}`);
  }
  return { rows: matrix, columns: matrix, spacing: Number((409.6 / matrix).toFixed(6)) };
}

export function chestRadiographUids(options: ChestRadiographOptions = {}): DemoUids {
  const { rows } = describeChestRadiograph(options);
  return demoUids('dx-chest', rows === 1024 ? '' : `${rows}`);
}

/** One DX For Presentation PA chest image, 12 bits stored in 16, MONOCHROME1. */
export function* generateChestRadiograph(options: ChestRadiographOptions = {}): Generator<DemoInstance> {
  const geometry = describeChestRadiograph(options);
  const uids = chestRadiographUids(options);
  const sopInstanceUID = uids.instance(1);
  const spacing = dsList([geometry.spacing, geometry.spacing]);
  const file = writePart10(
    {
      ...studyAttributes('dx-chest', uids),
      SOPClassUID: DX_FOR_PRESENTATION_STORAGE,
      SOPInstanceUID: sopInstanceUID,
      ImageType: ['ORIGINAL', 'PRIMARY'],
      Modality: 'DX',
      PresentationIntentType: 'FOR PRESENTATION',
      SeriesInstanceUID: uids.series,
      SeriesNumber: 1,
      SeriesDescription: 'Chest PA (demo phantom)',
      BodyPartExamined: 'CHEST',
      ViewPosition: 'PA',
      ViewCodeSequence: [{ CodeValue: '399348003', CodingSchemeDesignator: 'SCT', CodeMeaning: 'postero-anterior' }],
      PositionerType: 'COLUMN',
      PatientOrientation: ['L', 'F'],
      ImageLaterality: 'U',
      AnatomicRegionSequence: [{ CodeValue: '43799004', CodingSchemeDesignator: 'SCT', CodeMeaning: 'Chest' }],
      InstanceNumber: 1,
      AcquisitionNumber: 1,
      KVP: ds(120),
      ExposureTime: 8,
      XRayTubeCurrent: 320,
      Exposure: 3,
      DistanceSourceToDetector: ds(1800),
      DistanceSourceToPatient: ds(1600),
      Grid: 'FOCUSED',
      DetectorType: 'SCINTILLATOR',
      DetectorID: 'SRDEMO-DET-1',
      ImagerPixelSpacing: spacing,
      PixelSpacing: spacing,
      PixelSpacingCalibrationType: 'GEOMETRY',
      PixelSpacingCalibrationDescription: 'Detector plane',
      SamplesPerPixel: 1,
      PhotometricInterpretation: 'MONOCHROME1',
      Rows: geometry.rows,
      Columns: geometry.columns,
      BitsAllocated: 16,
      BitsStored: 12,
      HighBit: 11,
      PixelRepresentation: 0,
      PixelIntensityRelationship: 'LOG',
      PixelIntensityRelationshipSign: 1,
      RescaleIntercept: ds(0),
      RescaleSlope: ds(1),
      RescaleType: 'US',
      PresentationLUTShape: 'INVERSE',
      WindowCenter: dsList(DX_WINDOWS.map((window) => window.center)),
      WindowWidth: dsList(DX_WINDOWS.map((window) => window.width)),
      WindowCenterWidthExplanation: DX_WINDOWS.map((window) => window.explanation),
      LossyImageCompression: '00',
      BurnedInAnnotation: 'NO',
      AcquisitionContextSequence: [],
      _vrMap: { PixelIntensityRelationshipSign: 'SS' },
    },
    { bytes: littleEndianBytes(renderChestRadiograph(geometry)), bitsAllocated: 16 },
  );
  yield { study: 'dx-chest', studyInstanceUID: uids.study, seriesInstanceUID: uids.series, sopInstanceUID, file };
}
