import { describeCtPhantom, type CtPhantomOptions } from './ctPhantomGeometry';
import { demoUids, studyAttributes, type DemoInstance, type DemoUids } from './demoStudies';
import { ds, dsList } from './dicomValues';
import { renderCtSlice } from './renderCtSlice';
import { littleEndianBytes, writePart10 } from './writePart10';

export const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';

/** Soft tissue, lung and bone presets (PS3.3 C.11.2: several windows, explained). */
const CT_WINDOWS = [
  { center: 40, width: 400, explanation: 'SOFT TISSUE' },
  { center: -600, width: 1500, explanation: 'LUNG' },
  { center: 400, width: 1800, explanation: 'BONE' },
] as const;

/** The UIDs the phantom gets for these options; the default 120×512×512 phantom has its own. */
export function ctPhantomUids(options: CtPhantomOptions = {}): DemoUids {
  const { slices, rows, columns } = describeCtPhantom(options);
  const isDefault = slices === 120 && rows === 512 && columns === 512;
  return demoUids('ct-phantom', isDefault ? '' : `${rows}x${columns}x${slices}`);
}

/** The CT phantom series, one axial slice per instance, InstanceNumber 1 most superior. */
export function* generateCtPhantom(options: CtPhantomOptions = {}): Generator<DemoInstance> {
  const geometry = describeCtPhantom(options);
  const uids = ctPhantomUids(options);
  const common = {
    ...studyAttributes('ct-phantom', uids),
    SOPClassUID: CT_IMAGE_STORAGE,
    ImageType: ['ORIGINAL', 'PRIMARY', 'AXIAL'],
    Modality: 'CT',
    SeriesInstanceUID: uids.series,
    SeriesNumber: 2,
    SeriesDescription: `Axial ${geometry.sliceThickness} mm (demo phantom)`,
    BodyPartExamined: 'CHEST',
    PatientPosition: 'HFS',
    FrameOfReferenceUID: uids.frameOfReference,
    PositionReferenceIndicator: '',
    AcquisitionNumber: 1,
    ScanOptions: 'HELICAL MODE',
    KVP: ds(120),
    DataCollectionDiameter: ds(500),
    ReconstructionDiameter: ds(geometry.pixelSpacing[1] * geometry.columns),
    GantryDetectorTilt: ds(0),
    TableHeight: ds(160),
    RotationDirection: 'CW',
    ExposureTime: 500,
    XRayTubeCurrent: 250,
    Exposure: 125,
    FilterType: 'BODY',
    ConvolutionKernel: 'STANDARD',
    ImageOrientationPatient: dsList(geometry.imageOrientationPatient),
    PixelSpacing: dsList(geometry.pixelSpacing),
    SliceThickness: ds(geometry.sliceThickness),
    SpacingBetweenSlices: ds(geometry.spacingBetweenSlices),
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: geometry.rows,
    Columns: geometry.columns,
    BitsAllocated: 16,
    BitsStored: 16,
    HighBit: 15,
    PixelRepresentation: 1,
    RescaleIntercept: ds(geometry.rescaleIntercept),
    RescaleSlope: ds(geometry.rescaleSlope),
    RescaleType: 'HU',
    WindowCenter: dsList(CT_WINDOWS.map((window) => window.center)),
    WindowWidth: dsList(CT_WINDOWS.map((window) => window.width)),
    WindowCenterWidthExplanation: CT_WINDOWS.map((window) => window.explanation),
    LossyImageCompression: '00',
  };

  for (let index = 0; index < geometry.slices; index++) {
    const position = geometry.imagePositions[index];
    if (!position) continue;
    const hu = renderCtSlice(geometry, index);
    const stored = new Int16Array(hu.length);
    for (let i = 0; i < hu.length; i++) stored[i] = (hu[i] ?? 0) - geometry.rescaleIntercept;
    const sopInstanceUID = uids.instance(index + 1);
    const file = writePart10(
      {
        ...common,
        SOPInstanceUID: sopInstanceUID,
        InstanceNumber: index + 1,
        ImagePositionPatient: dsList(position),
        SliceLocation: ds(position[2]),
      },
      { bytes: littleEndianBytes(stored), bitsAllocated: 16 },
    );
    yield { study: 'ct-phantom', studyInstanceUID: uids.study, seriesInstanceUID: uids.series, sopInstanceUID, file };
  }
}
