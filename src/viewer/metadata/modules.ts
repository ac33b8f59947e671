import { firstNumber, firstString, type DicomJsonDataset } from '../../dicom/json';
import { rangeToWindow, voiLutFunctionOf, windowsFromDataset, type NamedWindow } from '../../dicom/voi';
import { windowOfLut } from './applyLut';
import type { FrameMetadata } from './frameMetadata';
import { descriptorOf } from './lutData';

/**
 * Cornerstone metadata modules (the shapes its loader and tools read through `metaData.get`)
 * built from one frame's DICOM JSON. Pure, so each field can be checked against the standard.
 */
function numbers(dataset: DicomJsonDataset, tag: string): number[] | undefined {
  const values = dataset[tag]?.Value;
  if (!values?.length) return undefined;
  const parsed = values.map((value) => (typeof value === 'number' ? value : Number(value)));
  return parsed.every(Number.isFinite) ? parsed : undefined;
}

function strings(dataset: DicomJsonDataset, tag: string): string[] | undefined {
  const values = dataset[tag]?.Value?.filter((value): value is string => typeof value === 'string');
  return values?.length ? values : undefined;
}

/**
 * The Photometric Interpretation as Cornerstone should show it. Presentation LUT Shape (2050,0020)
 * INVERSE on MONOCHROME2 turns the output round (PS3.3 C.11.6.1.2), which Cornerstone does for
 * MONOCHROME1, the only inversion it knows; MONOCHROME1 writes INVERSE for its own inversion, which
 * stays single. Greyscale decoding is the same for both names.
 */
export function shownPhotometric(dataset: DicomJsonDataset): string {
  const photometric = firstString(dataset, '00280004')?.trim() ?? 'MONOCHROME2';
  const inverse = firstString(dataset, '20500020')?.trim() === 'INVERSE';
  return inverse && photometric === 'MONOCHROME2' ? 'MONOCHROME1' : photometric;
}

export function imagePixelModule(frame: FrameMetadata) {
  const { dataset, palette } = frame;
  const signed = firstNumber(dataset, '00280103') === 1;
  const descriptor = (tag: string) => {
    const parsed = descriptorOf(numbers(dataset, tag), signed);
    return parsed && [parsed[0] === 0 ? 65536 : parsed[0], parsed[1], parsed[2]];
  };
  return {
    samplesPerPixel: firstNumber(dataset, '00280002') ?? 1,
    photometricInterpretation: shownPhotometric(dataset),
    rows: firstNumber(dataset, '00280010'),
    columns: firstNumber(dataset, '00280011'),
    bitsAllocated: firstNumber(dataset, '00280100'),
    bitsStored: firstNumber(dataset, '00280101'),
    highBit: firstNumber(dataset, '00280102'),
    pixelRepresentation: firstNumber(dataset, '00280103') ?? 0,
    planarConfiguration: firstNumber(dataset, '00280006') ?? 0,
    pixelAspectRatio: numbers(dataset, '00280034'),
    smallestPixelValue: firstNumber(dataset, '00280106'),
    largestPixelValue: firstNumber(dataset, '00280107'),
    redPaletteColorLookupTableDescriptor: descriptor('00281101'),
    greenPaletteColorLookupTableDescriptor: descriptor('00281102'),
    bluePaletteColorLookupTableDescriptor: descriptor('00281103'),
    redPaletteColorLookupTableData: palette?.red,
    greenPaletteColorLookupTableData: palette?.green,
    bluePaletteColorLookupTableData: palette?.blue,
  };
}

/**
 * Pixel Spacing (0028,0030) is the only calibration used: Imager Pixel Spacing is measured at the
 * detector, not the patient, so without Pixel Spacing the image is uncalibrated (PS3.3 10.7.1.3)
 * and Cornerstone reports pixels. Missing geometry gets neutral defaults, which do not make the
 * image uncalibrated when Pixel Spacing itself is present.
 */
export function imagePlaneModule(frame: FrameMetadata) {
  const { dataset } = frame;
  const pixelSpacing = numbers(dataset, '00280030')?.slice(0, 2);
  const calibrated = pixelSpacing?.length === 2 && pixelSpacing.every((value) => value > 0);
  const orientation = numbers(dataset, '00200037');
  const imageOrientationPatient = orientation?.length === 6 ? orientation : [1, 0, 0, 0, 1, 0];
  const position = numbers(dataset, '00200032');
  return {
    frameOfReferenceUID: firstString(dataset, '00200052'),
    rows: firstNumber(dataset, '00280010'),
    columns: firstNumber(dataset, '00280011'),
    imageOrientationPatient,
    rowCosines: imageOrientationPatient.slice(0, 3),
    columnCosines: imageOrientationPatient.slice(3, 6),
    imagePositionPatient: position?.length === 3 ? position : [0, 0, 0],
    sliceThickness: firstNumber(dataset, '00180050'),
    sliceLocation: firstNumber(dataset, '00201041'),
    pixelSpacing: calibrated ? pixelSpacing : undefined,
    rowPixelSpacing: calibrated ? pixelSpacing[0] : 1,
    columnPixelSpacing: calibrated ? pixelSpacing[1] : 1,
    usingDefaultValues: !calibrated,
  };
}

/** File windows, else the windows its VOI LUT Sequence approximates (see windowOfLut). */
export function fileWindows(frame: FrameMetadata): NamedWindow[] {
  const windows = windowsFromDataset(frame.dataset);
  if (windows.length) return windows;
  return frame.voiLuts.flatMap((lut, index) => {
    const range = windowOfLut(lut);
    return range
      ? [{ ...rangeToWindow(range), explanation: `${lut.explanation || `VOI LUT ${index + 1}`} (linear approx.)` }]
      : [];
  });
}

export function voiLutModule(frame: FrameMetadata) {
  const windows = fileWindows(frame);
  return {
    windowCenter: windows.length ? windows.map((w) => w.center) : undefined,
    windowWidth: windows.length ? windows.map((w) => w.width) : undefined,
    // The loader reads `voiLUTFunction` as a list (it takes element [0]) and falls back to this
    // singular spelling, so the function name goes here as a plain string.
    voiLutFunction: voiLutFunctionOf(frame.dataset),
    voiLUTSequence: frame.voiLuts.length ? frame.voiLuts : undefined,
  };
}

/** With a Modality LUT the modality loader maps the values, so no rescale is announced to Cornerstone. */
export function modalityLutModule(frame: FrameMetadata) {
  const { dataset } = frame;
  return {
    rescaleIntercept: frame.modalityLut ? undefined : firstNumber(dataset, '00281052'),
    rescaleSlope: frame.modalityLut ? undefined : firstNumber(dataset, '00281053'),
    rescaleType: firstString(dataset, '00281054'),
  };
}

function generalSeriesModule(frame: FrameMetadata) {
  const { dataset } = frame;
  return {
    modality: firstString(dataset, '00080060'),
    seriesInstanceUID: frame.seriesInstanceUID,
    seriesNumber: firstNumber(dataset, '00200011'),
    seriesDescription: firstString(dataset, '0008103E'),
    studyInstanceUID: frame.studyInstanceUID,
    seriesDate: firstString(dataset, '00080021'),
    seriesTime: firstString(dataset, '00080031'),
  };
}

function generalStudyModule(frame: FrameMetadata) {
  const { dataset } = frame;
  return {
    studyDescription: firstString(dataset, '00081030'),
    studyDate: firstString(dataset, '00080020'),
    studyTime: firstString(dataset, '00080030'),
    accessionNumber: firstString(dataset, '00080050'),
  };
}

function generalImageModule(frame: FrameMetadata) {
  const { dataset } = frame;
  return {
    sopInstanceUID: frame.sopInstanceUID,
    instanceNumber: firstNumber(dataset, '00200013'),
    // An enhanced frame's own Frame Type (MR/CT Image Frame Type macros) before the object's Image Type.
    imageType: strings(dataset, '00089007') ?? strings(dataset, '00080008'),
    lossyImageCompression: firstString(dataset, '00282110'),
    lossyImageCompressionRatio: firstNumber(dataset, '00282112'),
    lossyImageCompressionMethod: firstString(dataset, '00282114'),
  };
}

function patientModule(frame: FrameMetadata) {
  return { patientName: firstString(frame.dataset, '00100010'), patientId: firstString(frame.dataset, '00100020') };
}

function patientStudyModule(frame: FrameMetadata) {
  const { dataset } = frame;
  return {
    patientAge: firstString(dataset, '00101010'),
    patientSize: firstNumber(dataset, '00101020'),
    patientSex: firstString(dataset, '00100040'),
    patientWeight: firstNumber(dataset, '00101030'),
  };
}

function sopCommonModule(frame: FrameMetadata) {
  return { sopClassUID: firstString(frame.dataset, '00080016'), sopInstanceUID: frame.sopInstanceUID };
}

function cineModule(frame: FrameMetadata) {
  const { dataset } = frame;
  const frameTime = firstNumber(dataset, '00181063');
  return {
    cineRate: firstNumber(dataset, '00180040') ?? (frameTime && frameTime > 0 ? 1000 / frameTime : undefined),
    numberOfFrames: firstNumber(dataset, '00280008'),
  };
}

function multiframeModule(frame: FrameMetadata) {
  return { NumberOfFrames: firstNumber(frame.dataset, '00280008') ?? 1 };
}

function transferSyntaxModule(frame: FrameMetadata) {
  return { transferSyntaxUID: firstString(frame.dataset, '00020010') ?? firstString(frame.dataset, '00083002') };
}

/** 1-based frame number within the instance: the adapters write it as Referenced Frame Number. */
function frameNumberModule(frame: FrameMetadata): number {
  return frame.frameNumber;
}

/** dcmjs's DICOM JSON → keyword-named data set (`DicomMetaDictionary.naturalizeDataset`). */
export type Naturalize = (dataset: DicomJsonDataset) => Record<string, unknown>;

const BINARY_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'UN']);

/**
 * The frame's data set as dcmjs names it, which the adapters read as `instance` (patient, study and
 * series attributes for the report; Number of Frames). Pixel and other binary values stay out: the
 * report never copies them. Built on demand with a naturalizer the caller loads, so dcmjs is not
 * in the way of the first image.
 */
export function instanceModule(frame: FrameMetadata, naturalize: Naturalize): Record<string, unknown> {
  const textual = Object.fromEntries(
    Object.entries(frame.dataset).filter(([, element]) => !BINARY_VRS.has(element.vr)),
  );
  return naturalize(textual);
}

/** Module name (Cornerstone's MetadataModules values) → builder. */
export const MODULE_BUILDERS: Readonly<Record<string, (frame: FrameMetadata) => unknown>> = {
  imagePixelModule,
  imagePlaneModule,
  voiLutModule,
  modalityLutModule,
  generalSeriesModule,
  generalStudyModule,
  generalImageModule,
  patientModule,
  patientStudyModule,
  sopCommonModule,
  cineModule,
  multiframeModule,
  transferSyntax: transferSyntaxModule,
  frameNumber: frameNumberModule,
};
