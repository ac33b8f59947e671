import { createHash } from 'node:crypto';
import { writePart10, type NaturalDataset } from '../../../src/dicom/part10Writer';
import type { GeneratedObject } from './types';

/**
 * Image SOP Classes beyond CT/MR and the display steps that are not a linear window, one small
 * object each (PS3.3 IODs, valid for dciodvfy): RT Image, multi-frame Secondary Capture (true
 * colour, 8-bit grey), VL Photographic, Ophthalmic Photography 16 bit, overlay planes (a single
 * frame with two groups, a multi-frame image with a multi-frame overlay), a non-linear VOI LUT
 * table, Presentation LUT Shape INVERSE, CT pixel padding and an 8-bit MONOCHROME1.
 * Deterministic: UIDs derive from the object's name, dates are fixed. The pictures are 96 rows by
 * 128 columns (not square, so a transposed image cannot pass) of gradients and shapes.
 */

const ROWS = 96;
const COLUMNS = 128;
const UID_ROOT = '2.25.';

const SOP = {
  rtImage: '1.2.840.10008.5.1.4.1.1.481.1',
  secondaryCapture: '1.2.840.10008.5.1.4.1.1.7',
  multiFrameGreyByte: '1.2.840.10008.5.1.4.1.1.7.2',
  multiFrameTrueColour: '1.2.840.10008.5.1.4.1.1.7.4',
  vlPhotographic: '1.2.840.10008.5.1.4.1.1.77.1.4',
  ophthalmic16: '1.2.840.10008.5.1.4.1.1.77.1.5.2',
  ct: '1.2.840.10008.5.1.4.1.1.2',
  dxForPresentation: '1.2.840.10008.5.1.4.1.1.1.1',
} as const;

/** Where the overlays put their bits, for the spec to look at: [row, column] of image pixels, 0-based. */
export const OVERLAY_GEOMETRY = {
  /** overlay-graphic.dcm, group 6000: the outline of this rectangle, one pixel wide. */
  rectangle: { top: 10, left: 20, bottom: 59, right: 99 },
  /** overlay-graphic.dcm, group 6002 (origin 70\100, 1-based): a filled 8 × 8 square here. */
  square: { top: 69, left: 99, size: 8 },
  /** overlay-multiframe.dcm: frame k (1-based) has a filled 12 × 12 square at column 10 + 36 (k − 1), rows 40–51. */
  frameSquare: (frame: number) => ({ top: 40, left: 10 + 36 * (frame - 1), size: 12 }),
  frames: 3,
} as const;

/** Bits per entry of the VOI LUT of voi-lut-table.dcm (8 or 16, PS3.3 C.11.2.1.1: its output is 0 … 65535). */
const VOI_LUT_BITS = 16;

/** The VOI LUT of voi-lut-table.dcm: input 0 … 4095, two flat steps, then a curve up to white. */
function voiLutTable(): number[] {
  return Array.from({ length: 4096 }, (_, value) => {
    if (value < 1024) return 0;
    if (value < 2048) return 16384;
    if (value < 3072) return Math.round(32768 + 32767 * ((value - 2048) / 1024) ** 2);
    return 65535;
  });
}

/** Pixel Padding Value of ct-padding.dcm (signed stored values; intercept 0, slope 1). */
export const CT_PADDING_VALUE = -2000;

function uidOf(name: string): string {
  return `${UID_ROOT}${BigInt(`0x${createHash('sha256').update(name).digest('hex').slice(0, 32)}`).toString()}`;
}

/** Grey picture in 0..1: a diagonal ramp, a bright disc and a checkered block; `shift` moves it per frame. */
function grey(row: number, column: number, shift = 0): number {
  const c = (column + shift) % COLUMNS;
  const ramp = (row / (ROWS - 1)) * 0.5 + (c / (COLUMNS - 1)) * 0.5;
  if ((row - 48) ** 2 + (c - 40) ** 2 < 15 ** 2) return 1 - ramp * 0.3;
  if (row >= 60 && row < 84 && c >= 80 && c < 112) return ((row >> 2) + (c >> 2)) % 2 ? 0.85 : 0.1;
  return ramp * 0.8;
}

function greyPixels(bits: 8 | 16, low: number, high: number, frames = 1, signed = false): ArrayBuffer {
  const count = ROWS * COLUMNS;
  const out =
    bits === 8
      ? new Uint8Array(count * frames)
      : signed
        ? new Int16Array(count * frames)
        : new Uint16Array(count * frames);
  for (let f = 0; f < frames; f++)
    for (let r = 0; r < ROWS; r++)
      for (let c = 0; c < COLUMNS; c++)
        out[f * count + r * COLUMNS + c] = Math.round(low + (high - low) * grey(r, c, 24 * f));
  return out.buffer;
}

function colourPixels(frames = 1): ArrayBuffer {
  const count = ROWS * COLUMNS;
  const out = new Uint8Array(count * 3 * frames);
  for (let f = 0; f < frames; f++)
    for (let r = 0; r < ROWS; r++)
      for (let c = 0; c < COLUMNS; c++) {
        const at = (f * count + r * COLUMNS + c) * 3;
        out[at] = Math.round((255 * ((c + 30 * f) % COLUMNS)) / (COLUMNS - 1));
        out[at + 1] = Math.round((255 * r) / (ROWS - 1));
        out[at + 2] = Math.round(255 * grey(r, c, 24 * f));
      }
  return out.buffer;
}

/** Overlay bits (PS3.3 C.9.2.1.3): one bit a pixel, least significant first, frames back to back, padded to even length. */
function overlayBits(
  rows: number,
  columns: number,
  frames: number,
  set: (frame: number, row: number, column: number) => boolean,
) {
  const bits = rows * columns * frames;
  const bytes = new Uint8Array(Math.ceil(bits / 16) * 2);
  for (let f = 0; f < frames; f++)
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < columns; c++) {
        const bit = f * rows * columns + r * columns + c;
        if (set(f + 1, r, c)) bytes[bit >> 3]! |= 1 << (bit & 7);
      }
  return bytes.buffer;
}

type Raw = Record<string, { vr: string; Value?: unknown[]; InlineBinary?: string }>;

function overlayGroup(
  group: number,
  plane: { rows: number; columns: number; origin: [number, number]; frames?: number; data: ArrayBuffer; label: string },
): Raw {
  const tag = (element: string) => `${group.toString(16).toUpperCase()}${element}`;
  return {
    [tag('0010')]: { vr: 'US', Value: [plane.rows] },
    [tag('0011')]: { vr: 'US', Value: [plane.columns] },
    ...(plane.frames !== undefined && {
      [tag('0015')]: { vr: 'IS', Value: [String(plane.frames)] },
      [tag('0051')]: { vr: 'US', Value: [1] },
    }),
    [tag('0022')]: { vr: 'LO', Value: [plane.label] },
    [tag('0040')]: { vr: 'CS', Value: ['G'] },
    [tag('0050')]: { vr: 'SS', Value: plane.origin },
    [tag('0100')]: { vr: 'US', Value: [1] },
    [tag('0102')]: { vr: 'US', Value: [0] },
    [tag('3000')]: { vr: 'OW', Value: [plane.data] },
  };
}

/** Patient, General Study, General Series, General Equipment, General Image and SOP Common attributes. */
function common(name: string, sopClassUID: string, modality: string): Record<string, unknown> {
  return {
    SpecificCharacterSet: 'ISO_IR 100',
    SOPClassUID: sopClassUID,
    SOPInstanceUID: uidOf(`${name}/instance`),
    StudyDate: '20260101',
    StudyTime: '120000',
    ContentDate: '20260101',
    ContentTime: '120000',
    AccessionNumber: '',
    Modality: modality,
    Manufacturer: 'SecondRead generators',
    ReferringPhysicianName: '',
    PatientName: 'Kinds^Generated',
    PatientID: 'KINDS-1',
    PatientBirthDate: '',
    PatientSex: 'O',
    StudyInstanceUID: uidOf(`${name}/study`),
    SeriesInstanceUID: uidOf(`${name}/series`),
    StudyID: '1',
    SeriesNumber: '1',
    InstanceNumber: '1',
    PatientOrientation: '',
    Laterality: '',
    OperatorsName: '',
  };
}

function monochrome(bits: 8 | 16, stored: number, signed = false, photometric = 'MONOCHROME2') {
  return {
    SamplesPerPixel: 1,
    PhotometricInterpretation: photometric,
    Rows: ROWS,
    Columns: COLUMNS,
    BitsAllocated: bits,
    BitsStored: stored,
    HighBit: stored - 1,
    PixelRepresentation: signed ? 1 : 0,
  };
}

function rgb() {
  return {
    SamplesPerPixel: 3,
    PhotometricInterpretation: 'RGB',
    PlanarConfiguration: 0,
    Rows: ROWS,
    Columns: COLUMNS,
    BitsAllocated: 8,
    BitsStored: 8,
    HighBit: 7,
    PixelRepresentation: 0,
  };
}

/** Secondary Capture Image IOD: SC Equipment and SC Image besides the common modules. */
function secondaryCapture(name: string) {
  return { ...common(name, SOP.secondaryCapture, 'OT'), ConversionType: 'WSD', BurnedInAnnotation: 'NO' };
}

/** Multi-frame SC (PS3.3 A.8.2–A.8.5): frames one after another in time. */
function multiFrameSc(name: string, sopClassUID: string, frames: number) {
  return {
    ...common(name, sopClassUID, 'OT'),
    ConversionType: 'WSD',
    BurnedInAnnotation: 'NO',
    NumberOfFrames: String(frames),
    FrameIncrementPointer: 0x00181063,
    FrameTime: '100',
    ...(sopClassUID === SOP.multiFrameGreyByte && { RescaleIntercept: '0', RescaleSlope: '1', RescaleType: 'US' }),
  };
}

function part10(dataset: Record<string, unknown>, pixelVr: 'OB' | 'OW', raw: Raw = {}): Uint8Array {
  return writePart10(
    {
      ...(dataset as NaturalDataset),
      _vrMap: { ...(dataset._vrMap as object | undefined), PixelData: pixelVr },
    },
    raw,
  );
}

function rtImage(): GeneratedObject {
  const name = 'kinds/rt-image.dcm';
  const dataset = {
    ...common(name, SOP.rtImage, 'RTIMAGE'),
    ...monochrome(16, 12),
    ImageType: ['ORIGINAL', 'PRIMARY', 'PORTAL'],
    ConversionType: 'DI',
    RTImageLabel: 'PORTAL 1',
    RTImagePlane: 'NORMAL',
    RadiationMachineSAD: '1000',
    RTImageSID: '1500',
    XRayImageReceptorAngle: '0',
    RadiationMachineName: 'LINAC 1',
    ReportedValuesOrigin: 'ACTUAL',
    PrimaryDosimeterUnit: 'MU',
    ImagePlanePixelSpacing: ['0.5', '0.5'],
    RTImagePosition: ['-32', '24'],
    GantryAngle: '0',
    PixelIntensityRelationship: 'LIN',
    PixelIntensityRelationshipSign: 1,
    PixelData: greyPixels(16, 200, 3800),
  };
  return { name, bytes: part10(dataset, 'OW'), expect: 'render' };
}

function multiFrameTrueColour(): GeneratedObject {
  const name = 'kinds/sc-multiframe-truecolour.dcm';
  const dataset = { ...multiFrameSc(name, SOP.multiFrameTrueColour, 3), ...rgb(), PixelData: colourPixels(3) };
  return { name, bytes: part10(dataset, 'OB'), expect: 'render' };
}

function multiFrameGreyByte(): GeneratedObject {
  const name = 'kinds/sc-multiframe-grey8.dcm';
  const dataset = {
    ...multiFrameSc(name, SOP.multiFrameGreyByte, 4),
    ...monochrome(8, 8),
    PresentationLUTShape: 'IDENTITY',
    PixelData: greyPixels(8, 5, 250, 4),
  };
  return { name, bytes: part10(dataset, 'OB'), expect: 'render' };
}

/** Acquisition Context (empty) and the VL Image module's Lossy Image Compression, shared by the VL IODs. */
const VL_IMAGE = { AcquisitionContextSequence: [], LossyImageCompression: '00' };

function vlPhotographic(): GeneratedObject {
  const name = 'kinds/vl-photographic.dcm';
  const dataset = {
    ...common(name, SOP.vlPhotographic, 'XC'),
    ...rgb(),
    ...VL_IMAGE,
    ImageType: ['ORIGINAL', 'PRIMARY'],
    PixelData: colourPixels(),
  };
  return { name, bytes: part10(dataset, 'OB'), expect: 'render' };
}

const code = (value: string, scheme: string, meaning: string) => ({
  CodeValue: value,
  CodingSchemeDesignator: scheme,
  CodeMeaning: meaning,
});

function ophthalmic16(): GeneratedObject {
  const name = 'kinds/ophthalmic-16bit.dcm';
  const dataset = {
    ...common(name, SOP.ophthalmic16, 'OP'),
    // Ophthalmic images give Image Laterality instead.
    Laterality: undefined,
    ...monochrome(16, 16),
    ImageType: ['ORIGINAL', 'PRIMARY'],
    AcquisitionDateTime: '20260101120000',
    NumberOfFrames: '1',
    FrameIncrementPointer: 0x00181063,
    FrameTime: '0',
    PresentationLUTShape: 'IDENTITY',
    LossyImageCompression: '00',
    BurnedInAnnotation: 'NO',
    PixelSpacing: ['0.01', '0.01'],
    ImageLaterality: 'R',
    AnatomicRegionSequence: [code('81745001', 'SCT', 'Eye')],
    AcquisitionContextSequence: [],
    PatientEyeMovementCommanded: 'NO',
    HorizontalFieldOfView: '45',
    EmmetropicMagnification: '',
    IntraOcularPressure: '',
    PupilDilated: 'NO',
    RefractiveStateSequence: [],
    AcquisitionDeviceTypeCodeSequence: [code('392012008', 'SCT', 'Fundus Camera')],
    IlluminationTypeCodeSequence: [],
    LightPathFilterTypeStackCodeSequence: [],
    ImagePathFilterTypeStackCodeSequence: [],
    LensesCodeSequence: [],
    DetectorType: 'CCD',
    SynchronizationFrameOfReferenceUID: uidOf(`${name}/synchronization`),
    SynchronizationTrigger: 'NO TRIGGER',
    AcquisitionTimeSynchronized: 'N',
    PixelData: greyPixels(16, 1000, 60000),
  };
  return { name, bytes: part10(dataset, 'OW'), expect: 'render' };
}

function overlayGraphic(): GeneratedObject {
  const name = 'kinds/overlay-graphic.dcm';
  const { rectangle, square } = OVERLAY_GEOMETRY;
  const outline = overlayBits(ROWS, COLUMNS, 1, (_, r, c) => {
    const inside = r >= rectangle.top && r <= rectangle.bottom && c >= rectangle.left && c <= rectangle.right;
    return inside && (r === rectangle.top || r === rectangle.bottom || c === rectangle.left || c === rectangle.right);
  });
  const filled = overlayBits(square.size, square.size, 1, () => true);
  const dataset = { ...secondaryCapture(name), ...monochrome(8, 8), PixelData: greyPixels(8, 0, 200) };
  const raw = {
    ...overlayGroup(0x6000, { rows: ROWS, columns: COLUMNS, origin: [1, 1], data: outline, label: 'Outline' }),
    ...overlayGroup(0x6002, {
      rows: square.size,
      columns: square.size,
      origin: [square.top + 1, square.left + 1],
      data: filled,
      label: 'Square',
    }),
  };
  return { name, bytes: part10(dataset, 'OB', raw), expect: 'render' };
}

function overlayMultiFrame(): GeneratedObject {
  const name = 'kinds/overlay-multiframe.dcm';
  const { frames, frameSquare } = OVERLAY_GEOMETRY;
  const data = overlayBits(ROWS, COLUMNS, frames, (frame, r, c) => {
    const { top, left, size } = frameSquare(frame);
    return r >= top && r < top + size && c >= left && c < left + size;
  });
  const dataset = {
    ...multiFrameSc(name, SOP.multiFrameGreyByte, frames),
    ...monochrome(8, 8),
    PresentationLUTShape: 'IDENTITY',
    PixelData: greyPixels(8, 0, 200, frames),
  };
  const raw = overlayGroup(0x6000, { rows: ROWS, columns: COLUMNS, origin: [1, 1], frames, data, label: 'Per frame' });
  return { name, bytes: part10(dataset, 'OB', raw), expect: 'render' };
}

function voiLut(): GeneratedObject {
  const name = 'kinds/voi-lut-table.dcm';
  const table = voiLutTable();
  const dataset = {
    ...secondaryCapture(name),
    ...monochrome(16, 12),
    VOILUTSequence: [
      {
        LUTDescriptor: [table.length, 0, VOI_LUT_BITS],
        LUTExplanation: 'Staircase',
        LUTData: Uint16Array.from(table).buffer,
        _vrMap: { LUTDescriptor: 'US', LUTData: 'OW' },
      },
    ],
    PixelData: greyPixels(16, 100, 4000),
  };
  return { name, bytes: part10(dataset, 'OW'), expect: 'render' };
}

/**
 * Digital X-Ray For Presentation, MONOCHROME2 with Presentation LUT Shape INVERSE (PS3.3 C.8.11.3):
 * the displayed image is the inverse of what MONOCHROME2 alone would show.
 */
function presentationInverse(): GeneratedObject {
  const name = 'kinds/presentation-inverse.dcm';
  const dataset = {
    ...common(name, SOP.dxForPresentation, 'DX'),
    Laterality: undefined,
    PatientOrientation: ['A', 'F'],
    ...monochrome(8, 8, false, 'MONOCHROME1'),
    ImageType: ['ORIGINAL', 'PRIMARY'],
    PresentationIntentType: 'FOR PRESENTATION',
    ImageLaterality: 'U',
    AnatomicRegionSequence: [code('51185008', 'SCT', 'Chest')],
    PixelIntensityRelationship: 'LIN',
    PixelIntensityRelationshipSign: 1,
    RescaleIntercept: '0',
    RescaleSlope: '1',
    RescaleType: 'US',
    PresentationLUTShape: 'INVERSE',
    LossyImageCompression: '00',
    BurnedInAnnotation: 'NO',
    WindowCenter: '128',
    WindowWidth: '256',
    DetectorType: 'SCINTILLATOR',
    ImagerPixelSpacing: ['0.2', '0.2'],
    AcquisitionContextSequence: [],
    PositionerType: 'NONE',
    PixelData: greyPixels(8, 0, 255),
  };
  return { name, bytes: part10(dataset, 'OB'), expect: 'render' };
}

/** A CT slice whose circular field of view is padded outside with a value below air (PS3.3 C.7.5.1.1.2). */
function ctPadding(): GeneratedObject {
  const name = 'kinds/ct-padding.dcm';
  const pixels = new Int16Array(ROWS * COLUMNS);
  for (let r = 0; r < ROWS; r++)
    for (let c = 0; c < COLUMNS; c++)
      pixels[r * COLUMNS + c] =
        (r - ROWS / 2) ** 2 + (c - COLUMNS / 2) ** 2 < 46 ** 2
          ? Math.round(-900 + 2100 * grey(r, c))
          : CT_PADDING_VALUE;
  const dataset = {
    ...common(name, SOP.ct, 'CT'),
    ...monochrome(16, 16, true),
    ImageType: ['ORIGINAL', 'PRIMARY', 'AXIAL'],
    FrameOfReferenceUID: uidOf(`${name}/frame-of-reference`),
    PositionReferenceIndicator: '',
    PixelSpacing: ['0.5', '0.5'],
    ImageOrientationPatient: ['1', '0', '0', '0', '1', '0'],
    ImagePositionPatient: ['-32', '-24', '0'],
    SliceThickness: '1',
    RescaleIntercept: '0',
    RescaleSlope: '1',
    RescaleType: 'HU',
    PatientPosition: 'HFS',
    KVP: '120',
    AcquisitionNumber: '1',
    PixelPaddingValue: CT_PADDING_VALUE,
    PixelData: pixels.buffer,
  };
  return {
    name,
    bytes: part10({ ...dataset, _vrMap: { PixelPaddingValue: 'SS' } }, 'OW'),
    expect: 'render',
  };
}

function monochrome1(): GeneratedObject {
  const name = 'kinds/sc-monochrome1-8bit.dcm';
  const dataset = {
    ...secondaryCapture(name),
    ...monochrome(8, 8, false, 'MONOCHROME1'),
    PixelData: greyPixels(8, 10, 240),
  };
  return { name, bytes: part10(dataset, 'OB'), expect: 'render' };
}

export function imageKindObjects(): GeneratedObject[] {
  return [
    rtImage(),
    multiFrameTrueColour(),
    multiFrameGreyByte(),
    vlPhotographic(),
    ophthalmic16(),
    overlayGraphic(),
    overlayMultiFrame(),
    voiLut(),
    presentationInverse(),
    ctPadding(),
    monochrome1(),
  ];
}
