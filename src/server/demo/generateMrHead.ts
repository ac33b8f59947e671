import { demoUids, studyAttributes, type DemoInstance, type DemoUids } from './demoStudies';
import { ds, dsList } from './dicomValues';
import { describeMrHead, renderMrSlice, type MrHeadOptions } from './renderMrSlice';
import { littleEndianBytes, writePart10 } from './writePart10';

export const MR_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.4';

const MR_WINDOWS = [
  { center: 450, width: 900, explanation: 'BRAIN' },
  { center: 600, width: 1400, explanation: 'WIDE' },
] as const;

export function mrHeadUids(options: MrHeadOptions = {}): DemoUids {
  const { slices, rows, columns } = describeMrHead(options);
  const isDefault = slices === 24 && rows === 256 && columns === 256;
  return demoUids('mr-head', isDefault ? '' : `${rows}x${columns}x${slices}`);
}

/** A sagittal T1 spin-echo head series, InstanceNumber 1 the patient's right-most slice. */
export function* generateMrHead(options: MrHeadOptions = {}): Generator<DemoInstance> {
  const geometry = describeMrHead(options);
  const uids = mrHeadUids(options);
  const common = {
    ...studyAttributes('mr-head', uids),
    SOPClassUID: MR_IMAGE_STORAGE,
    ImageType: ['ORIGINAL', 'PRIMARY', 'OTHER'],
    Modality: 'MR',
    SeriesInstanceUID: uids.series,
    SeriesNumber: 3,
    SeriesDescription: 'SAG T1 SE',
    ProtocolName: 'Brain routine',
    BodyPartExamined: 'HEAD',
    PatientPosition: 'HFS',
    FrameOfReferenceUID: uids.frameOfReference,
    PositionReferenceIndicator: '',
    AcquisitionNumber: 1,
    ScanningSequence: 'SE',
    SequenceVariant: 'NONE',
    ScanOptions: '',
    MRAcquisitionType: '2D',
    SequenceName: 'se2d1',
    AngioFlag: 'N',
    RepetitionTime: ds(500),
    EchoTime: ds(12),
    EchoTrainLength: 1,
    EchoNumbers: 1,
    NumberOfAverages: ds(2),
    ImagingFrequency: ds(63.87),
    ImagedNucleus: '1H',
    MagneticFieldStrength: ds(1.5),
    PercentSampling: ds(100),
    PercentPhaseFieldOfView: ds(100),
    PixelBandwidth: ds(130),
    ReceiveCoilName: 'Head',
    TransmitCoilName: 'Body',
    AcquisitionMatrix: [0, geometry.columns, geometry.rows, 0],
    InPlanePhaseEncodingDirection: 'ROW',
    FlipAngle: ds(90),
    SAR: ds(0.8),
    ImageOrientationPatient: dsList(geometry.imageOrientationPatient),
    PixelSpacing: dsList(geometry.pixelSpacing),
    SliceThickness: ds(geometry.sliceThickness),
    SpacingBetweenSlices: ds(geometry.spacingBetweenSlices),
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: geometry.rows,
    Columns: geometry.columns,
    BitsAllocated: 16,
    BitsStored: 12,
    HighBit: 11,
    PixelRepresentation: 0,
    WindowCenter: dsList(MR_WINDOWS.map((window) => window.center)),
    WindowWidth: dsList(MR_WINDOWS.map((window) => window.width)),
    WindowCenterWidthExplanation: MR_WINDOWS.map((window) => window.explanation),
    LossyImageCompression: '00',
  };

  for (let index = 0; index < geometry.slices; index++) {
    const position = geometry.imagePositions[index];
    if (!position) continue;
    const sopInstanceUID = uids.instance(index + 1);
    const file = writePart10(
      {
        ...common,
        SOPInstanceUID: sopInstanceUID,
        InstanceNumber: index + 1,
        ImagePositionPatient: dsList(position),
        SliceLocation: ds(position[0]),
      },
      { bytes: littleEndianBytes(renderMrSlice(geometry, index)), bitsAllocated: 16 },
    );
    yield { study: 'mr-head', studyInstanceUID: uids.study, seriesInstanceUID: uids.series, sopInstanceUID, file };
  }
}
