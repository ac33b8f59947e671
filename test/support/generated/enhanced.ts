import { createHash } from 'node:crypto';
import dcmjs from 'dcmjs';
import { writePart10, type NaturalDataset } from '../../../src/dicom/part10Writer';
import type { GeneratedObject } from './types';

/**
 * Enhanced multi-frame objects whose per-frame values differ frame to frame, encoded the ways the
 * vendors encode them (PS3.3 C.7.6.16 functional groups, C.7.6.17 Multi-frame Dimension):
 *  - Philips Enhanced MR: every macro per frame, rescale slope per frame, two stacks (Stack ID) of
 *    different orientation written stack by stack; a dynamic with Temporal Position Index; each
 *    frame's private (2005,140F) item repeating rescale and window with values that are not the
 *    frame's (a viewer must read the standard macros);
 *  - Siemens XA Enhanced MR: Pixel Measures, Orientation and rescale shared, position and Frame VOI
 *    LUT per frame, two echoes (Effective Echo Time a dimension), frames written echo-interleaved;
 *  - GE Enhanced CT: signed 16-bit, rescale intercept and slope per frame;
 *  - Canon Enhanced CT: rescale shared, a different window per frame, 12 bits stored;
 *  - Bruker Enhanced MR: 12 bits stored in 16, non-integer slope per frame;
 *  - an 8-bit unsigned Enhanced MR with windows per frame.
 * Image Type DERIVED keeps the IODs' acquisition macros optional: what is checked is display.
 * Deterministic: UIDs derive from the object's name, dates are fixed.
 */

const ENHANCED_MR = '1.2.840.10008.5.1.4.1.1.4.1';
const ENHANCED_CT = '1.2.840.10008.5.1.4.1.1.2.1';
const UID_ROOT = '2.25.';

/** A UID derived from a name (PS3.5 B.2: 2.25 and a 128-bit number). */
function uidOf(name: string): string {
  return `${UID_ROOT}${BigInt(`0x${createHash('sha256').update(name).digest('hex').slice(0, 32)}`).toString()}`;
}

interface PixelFormat {
  readonly bitsAllocated: 8 | 16;
  readonly bitsStored: number;
  readonly signed: boolean;
  /** Stored values the frames span (within what Bits Stored allows). */
  readonly range: readonly [number, number];
}

interface FrameSpec {
  readonly slope: number;
  readonly intercept: number;
  readonly center: number;
  readonly width: number;
  /** Position along the stack's normal, mm. */
  readonly z: number;
  readonly stackId?: string;
  readonly inStack?: number;
  readonly temporal?: number;
  readonly echoTime?: number;
}

interface ObjectSpec {
  readonly name: string;
  readonly sopClassUID: string;
  readonly manufacturer: string;
  readonly model: string;
  readonly format: PixelFormat;
  readonly frames: readonly FrameSpec[];
  /** Functional group macros written once in the shared groups instead of per frame. */
  readonly shared: ReadonlySet<'measures' | 'orientation' | 'transformation' | 'voi'>;
  /** Dimension Index Pointers with the functional group sequence holding each. */
  readonly dimensions: readonly (readonly [pointer: string, group: string, label: string])[];
  /** Row and column cosines per Stack ID (all stacks axial when absent). */
  readonly orientationOf?: (stackId: string | undefined) => readonly number[];
  /** Philips' per-frame private item (2005,140F), holding classic attributes. */
  readonly philipsPrivate?: boolean;
}

const ROWS = 64;
const COLUMNS = 48;
const AXIAL = [1, 0, 0, 0, 1, 0];
const CORONAL = [1, 0, 0, 0, 0, -1];

/**
 * One frame's stored values: a ramp across the columns spanning the format's range, and a disc
 * whose radius and level depend on the frame, so frames (and their order) are told apart.
 */
function framePixels(format: PixelFormat, frameIndex: number): number[] {
  const [low, high] = format.range;
  const radius = 6 + 3 * frameIndex;
  const disc = Math.round(low + (high - low) * (0.25 + 0.1 * (frameIndex % 6)));
  const values: number[] = [];
  for (let row = 0; row < ROWS; row++) {
    for (let column = 0; column < COLUMNS; column++) {
      const inside = (row - ROWS / 2) ** 2 + (column - COLUMNS / 2) ** 2 < radius ** 2;
      values.push(inside ? disc : Math.round(low + ((high - low) * column) / (COLUMNS - 1)));
    }
  }
  return values;
}

function pixelData(spec: ObjectSpec): ArrayBuffer {
  const { format } = spec;
  const perFrame = ROWS * COLUMNS;
  const bytes = new Uint8Array(perFrame * spec.frames.length * (format.bitsAllocated / 8));
  const view = new DataView(bytes.buffer);
  spec.frames.forEach((_, frameIndex) => {
    framePixels(format, frameIndex).forEach((value, index) => {
      const at = frameIndex * perFrame + index;
      if (format.bitsAllocated === 8) view.setUint8(at, value);
      else if (format.signed) view.setInt16(at * 2, value, true);
      else view.setUint16(at * 2, value, true);
    });
  });
  return bytes.buffer;
}

const isMr = (spec: ObjectSpec) => spec.sopClassUID === ENHANCED_MR;

function frameTypeMacro(spec: ObjectSpec) {
  const common = {
    FrameType: ['DERIVED', 'PRIMARY', isMr(spec) ? 'M' : 'AXIAL', 'NONE'],
    PixelPresentation: 'MONOCHROME',
    VolumetricProperties: 'VOLUME',
    VolumeBasedCalculationTechnique: 'NONE',
  };
  return isMr(spec)
    ? { MRImageFrameTypeSequence: [{ ...common, ComplexImageComponent: 'MAGNITUDE', AcquisitionContrast: 'T1' }] }
    : { CTImageFrameTypeSequence: [common] };
}

function macros(spec: ObjectSpec, frame: FrameSpec) {
  const orientation = spec.orientationOf?.(frame.stackId) ?? AXIAL;
  // Position of the top left pixel: the frame's offset along the normal of its orientation.
  const normal = [
    orientation[1]! * orientation[5]! - orientation[2]! * orientation[4]!,
    orientation[2]! * orientation[3]! - orientation[0]! * orientation[5]!,
    orientation[0]! * orientation[4]! - orientation[1]! * orientation[3]!,
  ];
  return {
    measures: { PixelMeasuresSequence: [{ PixelSpacing: [0.8, 0.8], SliceThickness: 3 }] },
    orientation: { PlaneOrientationSequence: [{ ImageOrientationPatient: orientation }] },
    transformation: {
      PixelValueTransformationSequence: [
        {
          RescaleIntercept: frame.intercept,
          RescaleSlope: frame.slope,
          RescaleType: isMr(spec) ? 'US' : 'HU',
        },
      ],
    },
    voi: {
      FrameVOILUTSequence: [
        { WindowCenter: frame.center, WindowWidth: frame.width, WindowCenterWidthExplanation: 'SCANNER' },
      ],
    },
    position: {
      PlanePositionSequence: [{ ImagePositionPatient: normal.map((component) => -20 + component * frame.z) }],
    },
  };
}

function dimensionIndexValues(spec: ObjectSpec, frame: FrameSpec): number[] {
  // Index values count the distinct values of each dimension, from 1, in ascending order.
  return spec.dimensions.map(([pointer]) => {
    const valueOf = (candidate: FrameSpec): number | string | undefined =>
      pointer === '00209056'
        ? candidate.stackId
        : pointer === '00209057'
          ? candidate.inStack
          : pointer === '00209128'
            ? candidate.temporal
            : candidate.echoTime;
    const values = [...new Set(spec.frames.map(valueOf))].sort((a, b) => Number(a) - Number(b));
    return values.indexOf(valueOf(frame)) + 1;
  });
}

function perFrameItem(spec: ObjectSpec, frame: FrameSpec) {
  const all = macros(spec, frame);
  return {
    FrameContentSequence: [
      {
        FrameAcquisitionDateTime: '20260101120000',
        FrameReferenceDateTime: '20260101120000',
        FrameAcquisitionDuration: 100,
        ...(spec.dimensions.length && { DimensionIndexValues: dimensionIndexValues(spec, frame) }),
        ...(frame.stackId !== undefined && { StackID: frame.stackId }),
        ...(frame.inStack !== undefined && { InStackPositionNumber: frame.inStack }),
        ...(frame.temporal !== undefined && { TemporalPositionIndex: frame.temporal }),
      },
    ],
    ...all.position,
    ...(!spec.shared.has('measures') && all.measures),
    ...(!spec.shared.has('orientation') && all.orientation),
    ...(!spec.shared.has('transformation') && all.transformation),
    ...(!spec.shared.has('voi') && all.voi),
    ...(frame.echoTime !== undefined && { MREchoSequence: [{ EffectiveEchoTime: frame.echoTime }] }),
  };
}

function sharedItem(spec: ObjectSpec) {
  const all = macros(spec, spec.frames[0]!);
  return {
    ...(spec.shared.has('measures') && all.measures),
    ...(spec.shared.has('orientation') && all.orientation),
    ...(spec.shared.has('transformation') && all.transformation),
    ...(spec.shared.has('voi') && all.voi),
    ...frameTypeMacro(spec),
    ...(!isMr(spec) && {
      IrradiationEventIdentificationSequence: [{ IrradiationEventUID: uidOf(`${spec.name}/irradiation`) }],
    }),
    FrameAnatomySequence: [
      {
        AnatomicRegionSequence: [{ CodeValue: '12738006', CodingSchemeDesignator: 'SCT', CodeMeaning: 'Brain' }],
        FrameLaterality: 'U',
      },
    ],
  };
}

function dataset(spec: ObjectSpec): NaturalDataset {
  const { format } = spec;
  const mr = isMr(spec);
  const uid = (what: string) => uidOf(`${spec.name}/${what}`);
  return {
    SpecificCharacterSet: 'ISO_IR 100',
    SOPClassUID: spec.sopClassUID,
    SOPInstanceUID: uid('instance'),
    ImageType: ['DERIVED', 'PRIMARY', mr ? 'M' : 'AXIAL', 'NONE'],
    StudyDate: '20260101',
    StudyTime: '120000',
    ContentDate: '20260101',
    ContentTime: '120000',
    AcquisitionDateTime: '20260101120000',
    AccessionNumber: '',
    Modality: mr ? 'MR' : 'CT',
    Manufacturer: spec.manufacturer,
    ManufacturerModelName: spec.model,
    DeviceSerialNumber: '1',
    SoftwareVersions: 'generated',
    ReferringPhysicianName: '',
    SeriesDescription: spec.name.replace(/^enhanced\//, '').replace(/\.dcm$/, ''),
    PatientName: 'Enhanced^Generated',
    PatientID: 'GEN-ENHANCED',
    PatientBirthDate: '',
    PatientSex: 'O',
    StudyInstanceUID: uid('study'),
    SeriesInstanceUID: uid('series'),
    StudyID: '1',
    SeriesNumber: 1,
    PatientPosition: 'HFS',
    InstanceNumber: 1,
    FrameOfReferenceUID: uid('frame-of-reference'),
    PositionReferenceIndicator: '',
    ...(mr
      ? {
          ResonantNucleus: '1H',
          ApplicableSafetyStandardAgency: 'IEC',
          MagneticFieldStrength: 3,
          KSpaceFiltering: 'NONE',
          ComplexImageComponent: 'MAGNITUDE',
          AcquisitionContrast: 'T1',
        }
      : {}),
    PixelPresentation: 'MONOCHROME',
    VolumetricProperties: 'VOLUME',
    VolumeBasedCalculationTechnique: 'NONE',
    ContentQualification: 'PRODUCT',
    BurnedInAnnotation: 'NO',
    LossyImageCompression: '00',
    PresentationLUTShape: 'IDENTITY',
    AcquisitionContextSequence: [],
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    NumberOfFrames: spec.frames.length,
    Rows: ROWS,
    Columns: COLUMNS,
    BitsAllocated: format.bitsAllocated,
    BitsStored: format.bitsStored,
    HighBit: format.bitsStored - 1,
    PixelRepresentation: format.signed ? 1 : 0,
    DimensionOrganizationSequence: [{ DimensionOrganizationUID: uid('dimensions') }],
    DimensionIndexSequence: spec.dimensions.map(([pointer, group, label]) => ({
      DimensionOrganizationUID: uid('dimensions'),
      // dcmjs writes AT from the tag as a number.
      DimensionIndexPointer: parseInt(pointer, 16),
      FunctionalGroupPointer: parseInt(group, 16),
      DimensionDescriptionLabel: label,
    })),
    SharedFunctionalGroupsSequence: [sharedItem(spec)],
    PerFrameFunctionalGroupsSequence: spec.frames.map((frame) => perFrameItem(spec, frame)),
    PixelData: [pixelData(spec)],
    _vrMap: { PixelData: format.bitsAllocated === 8 ? 'OB' : 'OW' },
  };
}

const FRAME_CONTENT = '00209111';
const STACK = ['00209056', FRAME_CONTENT, 'Stack ID'] as const;
const IN_STACK = ['00209057', FRAME_CONTENT, 'In-Stack Position Number'] as const;
const TEMPORAL = ['00209128', FRAME_CONTENT, 'Temporal Position Index'] as const;
const ECHO = ['00189082', '00189114', 'Effective Echo Time'] as const;
const POSITION = ['00200032', '00209113', 'Image Position (Patient)'] as const;

const TWELVE_BIT: PixelFormat = { bitsAllocated: 16, bitsStored: 12, signed: false, range: [0, 4000] };

/** Two stacks of three frames (axial, coronal), every macro per frame, slope per frame as Philips writes it. */
const philipsStacks: ObjectSpec = {
  name: 'enhanced/philips-mr-2stack.dcm',
  sopClassUID: ENHANCED_MR,
  manufacturer: 'Philips Medical Systems',
  model: 'Ingenia',
  format: TWELVE_BIT,
  shared: new Set(),
  philipsPrivate: true,
  dimensions: [STACK, IN_STACK],
  orientationOf: (stackId) => (stackId === '2' ? CORONAL : AXIAL),
  frames: [1, 2, 3, 4, 5, 6].map((n) => ({
    stackId: n <= 3 ? '1' : '2',
    inStack: ((n - 1) % 3) + 1,
    z: 4 * (((n - 1) % 3) + 1),
    slope: [1, 1.5, 2.25, 0.75, 3, 1.25][n - 1]!,
    intercept: 0,
    center: [2000, 3000, 4500, 1500, 6000, 2500][n - 1]!,
    width: [4000, 6000, 9000, 3000, 12000, 5000][n - 1]! * 0.8,
  })),
};

/** A dynamic: two time points of three slices, slope per frame, frames written slice-major as some exports do. */
const philipsDynamic: ObjectSpec = {
  name: 'enhanced/philips-mr-dynamic.dcm',
  sopClassUID: ENHANCED_MR,
  manufacturer: 'Philips Medical Systems',
  model: 'Achieva',
  format: TWELVE_BIT,
  shared: new Set(),
  philipsPrivate: true,
  dimensions: [TEMPORAL, IN_STACK],
  frames: [1, 2, 3, 4, 5, 6].map((n) => {
    const slice = Math.ceil(n / 2);
    const temporal = n % 2 === 1 ? 1 : 2;
    return {
      stackId: '1',
      inStack: slice,
      temporal,
      z: 5 * slice,
      slope: temporal === 1 ? 1.2 : 2.4,
      intercept: 0,
      center: temporal === 1 ? 2400 : 3600,
      width: temporal === 1 ? 4000 : 9000,
    };
  }),
};

/** Shared measures, orientation and rescale; position and window per frame; two echoes interleaved. */
const siemensEchoes: ObjectSpec = {
  name: 'enhanced/siemens-xa-mr-2echo.dcm',
  sopClassUID: ENHANCED_MR,
  manufacturer: 'SIEMENS',
  model: 'MAGNETOM Vida',
  format: TWELVE_BIT,
  shared: new Set(['measures', 'orientation', 'transformation']),
  dimensions: [STACK, IN_STACK, ECHO],
  frames: [1, 2, 3, 4, 5, 6].map((n) => {
    const slice = Math.ceil(n / 2);
    const echoTime = n % 2 === 1 ? 9.84 : 30;
    return {
      stackId: '1',
      inStack: slice,
      echoTime,
      z: 3 * slice,
      slope: 1,
      intercept: 0,
      center: 1200 + 400 * n,
      width: 1500 + 500 * n,
    };
  }),
};

/** Signed 16-bit CT, intercept and slope per frame, windows per frame. */
const geCt: ObjectSpec = {
  name: 'enhanced/ge-ct-signed.dcm',
  sopClassUID: ENHANCED_CT,
  manufacturer: 'GE MEDICAL SYSTEMS',
  model: 'Revolution CT',
  format: { bitsAllocated: 16, bitsStored: 16, signed: true, range: [-2000, 3000] },
  shared: new Set(['measures', 'orientation']),
  dimensions: [STACK, IN_STACK],
  frames: [1, 2, 3, 4].map((n) => ({
    stackId: '1',
    inStack: n,
    z: 2 * n,
    slope: [1, 1, 0.5, 2][n - 1]!,
    intercept: [0, -1024, -512, 0][n - 1]!,
    center: [40, -600, 300, 1000][n - 1]!,
    width: [3000, 3500, 2500, 8000][n - 1]!,
  })),
};

/** Rescale shared, 12 bits stored, each frame its own window (soft tissue, lung, bone…). */
const canonCt: ObjectSpec = {
  name: 'enhanced/canon-ct-windows.dcm',
  sopClassUID: ENHANCED_CT,
  manufacturer: 'CANON_MEC',
  model: 'Aquilion ONE',
  format: { bitsAllocated: 16, bitsStored: 12, signed: false, range: [0, 4095] },
  shared: new Set(['measures', 'orientation', 'transformation']),
  dimensions: [STACK, IN_STACK],
  frames: [1, 2, 3, 4].map((n) => ({
    stackId: '1',
    inStack: n,
    z: 1 + n,
    slope: 1,
    intercept: -1024,
    center: [40, -600, 500, 1000][n - 1]!,
    width: [400, 1500, 2000, 4000][n - 1]!,
  })),
};

/** 12 bits stored in 16, non-integer slope per frame, as ParaVision writes it; no Stack ID, position is the dimension. */
const brukerMr: ObjectSpec = {
  name: 'enhanced/bruker-mr-float-slope.dcm',
  sopClassUID: ENHANCED_MR,
  manufacturer: 'Bruker BioSpin MRI GmbH',
  model: 'BioSpec',
  format: TWELVE_BIT,
  shared: new Set(['measures', 'orientation']),
  dimensions: [POSITION],
  frames: [1, 2, 3, 4].map((n) => ({
    z: [2, 4, 1, 3][n - 1]!,
    slope: [0.0734, 0.1123, 0.0517, 0.2291][n - 1]!,
    intercept: [0, 1.5, -2.25, 0][n - 1]!,
    center: [150, 220, 100, 460][n - 1]!,
    width: [280, 420, 200, 900][n - 1]!,
  })),
};

/** 8-bit unsigned, identity rescale, a window per frame. */
const eightBitMr: ObjectSpec = {
  name: 'enhanced/mr-8bit-unsigned.dcm',
  sopClassUID: ENHANCED_MR,
  manufacturer: 'SecondRead test generator',
  model: '8-bit',
  format: { bitsAllocated: 8, bitsStored: 8, signed: false, range: [0, 255] },
  shared: new Set(['measures', 'orientation', 'transformation']),
  dimensions: [POSITION],
  frames: [1, 2, 3].map((n) => ({
    z: 3 * n,
    slope: 1,
    intercept: 0,
    center: [128, 90, 170][n - 1]!,
    width: [256, 140, 180][n - 1]!,
  })),
};

const SPECS = [philipsStacks, philipsDynamic, siemensEchoes, geCt, canonCt, brukerMr, eightBitMr];

const PHILIPS_CREATOR = 'Philips MR Imaging DD 005';

/**
 * Adds Philips' private per-frame item, as the scanner writes it: creator (2005,0014) and
 * (2005,140F) with a stale copy of rescale and window (dcmjs names standard keywords only, so the
 * private elements go into the written file's element dictionary).
 */
function withPhilipsPrivate(bytes: Uint8Array): Uint8Array {
  const { DicomMessage, DicomMetaDictionary } = dcmjs.data;
  const file = DicomMessage.readFile(bytes.buffer as ArrayBuffer);
  const perFrame = file.dict['52009230'] as { Value: Record<string, unknown>[] } | undefined;
  if (!perFrame) return bytes;
  // dcmjs writes each item's elements in tag order.
  for (const item of perFrame.Value) {
    item['20050014'] = { vr: 'LO', Value: [PHILIPS_CREATOR] };
    item['2005140F'] = {
      vr: 'SQ',
      Value: [
        DicomMetaDictionary.denaturalizeDataset({
          RescaleIntercept: 0,
          RescaleSlope: 1,
          WindowCenter: 2048,
          WindowWidth: 4096,
        }),
      ],
    };
  }
  return new Uint8Array(file.write());
}

export function enhancedObjects(): GeneratedObject[] {
  return SPECS.map((spec) => {
    const bytes = writePart10(dataset(spec));
    return { name: spec.name, bytes: spec.philipsPrivate ? withPhilipsPrivate(bytes) : bytes, expect: 'render' };
  });
}
