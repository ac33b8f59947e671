import { demoUids, studyAttributes, type DemoInstance, type DemoUids } from './demoStudies';
import { ds } from './dicomValues';
import { renderUsFrame, type UsCineGeometry } from './renderUsFrame';
import { writePart10 } from './writePart10';

export const US_MULTIFRAME_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.3.1';
/** FrameTime (0018,1063), the attribute the Frame Increment Pointer names (PS3.3 C.7.6.6). */
const FRAME_TIME_TAG = 0x00181063;

export interface UsCineOptions {
  /** Frames in the loop (one heartbeat); default 30 at 30 frames/s. */
  readonly frames?: number;
  readonly rows?: number;
  readonly columns?: number;
}

function describeUsCine(options: UsCineOptions = {}): UsCineGeometry {
  const frames = options.frames ?? 30;
  const rows = options.rows ?? 240;
  const columns = options.columns ?? 320;
  for (const [name, value] of [
    ['frames', frames],
    ['rows', rows],
    ['columns', columns],
  ] as const) {
    if (!Number.isInteger(value) || value < 1 || value > 2048) {
      throw new RangeError(`US cine ${name} must be an integer from 1 to 2048, got ${value}`);
    }
  }
  const sectorRadiusPixels = Math.round(rows * 0.86);
  return {
    frames,
    rows,
    columns,
    // 13.2 cm of depth whatever the matrix.
    mmPerPixel: Number((132 / sectorRadiusPixels).toFixed(6)),
    apex: { column: Math.round(columns / 2), row: Math.round(rows * 0.04) },
    sectorRadiusPixels,
    sectorHalfAngle: (38 * Math.PI) / 180,
  };
}

export function usCineUids(options: UsCineOptions = {}): DemoUids {
  const { frames, rows, columns } = describeUsCine(options);
  const isDefault = frames === 30 && rows === 240 && columns === 320;
  return demoUids('us-cine', isDefault ? '' : `${rows}x${columns}x${frames}`);
}

/** One US Multi-frame instance: an RGB (PlanarConfiguration 0) echo loop with colour Doppler. */
export function* generateUsCine(options: UsCineOptions = {}): Generator<DemoInstance> {
  const geometry = describeUsCine(options);
  const uids = usCineUids(options);
  const { rows, columns, frames } = geometry;
  const frameBytes = rows * columns * 3;
  const pixels = new Uint8Array(frameBytes * frames);
  for (let frame = 0; frame < frames; frame++) pixels.set(renderUsFrame(geometry, frame), frame * frameBytes);
  const frameTimeMs = 1000 / 30;
  const cmPerPixel = geometry.mmPerPixel / 10;
  const sopInstanceUID = uids.instance(1);
  const file = writePart10(
    {
      ...studyAttributes('us-cine', uids),
      SOPClassUID: US_MULTIFRAME_IMAGE_STORAGE,
      SOPInstanceUID: sopInstanceUID,
      ImageType: ['ORIGINAL', 'PRIMARY'],
      Modality: 'US',
      SeriesInstanceUID: uids.series,
      SeriesNumber: 1,
      SeriesDescription: 'PLAX 2D + colour (demo phantom)',
      BodyPartExamined: 'HEART',
      InstanceNumber: 1,
      PatientOrientation: '',
      HeartRate: 60,
      NumberOfFrames: frames,
      FrameIncrementPointer: FRAME_TIME_TAG,
      FrameTime: ds(frameTimeMs),
      CineRate: 30,
      RecommendedDisplayFrameRate: 30,
      StartTrim: 1,
      StopTrim: frames,
      SamplesPerPixel: 3,
      PhotometricInterpretation: 'RGB',
      PlanarConfiguration: 0,
      Rows: rows,
      Columns: columns,
      BitsAllocated: 8,
      BitsStored: 8,
      HighBit: 7,
      PixelRepresentation: 0,
      LossyImageCompression: '00',
      BurnedInAnnotation: 'NO',
      TransducerData: ['P4-2', '', ''],
      ProcessingFunction: 'CARDIAC',
      // Calibration of the sector (PS3.3 C.8.5.5) so length measurements work.
      SequenceOfUltrasoundRegions: [
        {
          RegionSpatialFormat: 1,
          RegionDataType: 1,
          RegionFlags: 0,
          RegionLocationMinX0: 0,
          RegionLocationMinY0: 0,
          RegionLocationMaxX1: columns - 1,
          RegionLocationMaxY1: Math.min(rows - 1, geometry.apex.row + geometry.sectorRadiusPixels),
          ReferencePixelX0: geometry.apex.column,
          ReferencePixelY0: geometry.apex.row,
          PhysicalUnitsXDirection: 3,
          PhysicalUnitsYDirection: 3,
          ReferencePixelPhysicalValueX: 0,
          ReferencePixelPhysicalValueY: 0,
          PhysicalDeltaX: cmPerPixel,
          PhysicalDeltaY: cmPerPixel,
        },
      ],
    },
    { bytes: pixels, bitsAllocated: 8 },
  );
  yield { study: 'us-cine', studyInstanceUID: uids.study, seriesInstanceUID: uids.series, sopInstanceUID, file };
}
