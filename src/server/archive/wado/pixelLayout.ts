import { vrWordSize, type WordSize } from '../../../dicom/pixel/byteSwap';
import { FragmentLayoutError, fragmentFrames } from '../../../dicom/pixel/fragmentFrames';
import type { FrameGeometry } from '../../../dicom/pixel/nativeFrame';
import { isEncapsulated, transferSyntaxInfo, type TransferSyntaxInfo } from '../../../dicom/pixel/transferSyntax';
import { notAcceptable } from '../../errors';
import type { DataSet, Element, ParsedPart10 } from './dicomParser';
import { noPixelData, unreadableInstance } from './wadoErrors';

/** A byte range of the parsed file (for a deflated file, of its inflated rendition). */
export interface ByteRange {
  offset: number;
  length: number;
}

/** How samples are coded beyond the frame's geometry: what re-encoding a frame must keep. */
export interface SampleFormat {
  bitsStored: number;
  pixelRepresentation: number;
  planarConfiguration: number;
  photometricInterpretation: string | undefined;
}

/** Where the frames of one instance lie: enough to cut any frame out without parsing again. */
export interface PixelLayout {
  transferSyntax: TransferSyntaxInfo;
  numberOfFrames: number;
  geometry: FrameGeometry;
  samples: SampleFormat;
  /** Native Pixel Data: the whole value, and the word size to reverse when it is big endian. */
  native?: ByteRange & { wordSize: WordSize };
  /** Encapsulated Pixel Data: per frame, the fragment values that hold it, in order. */
  frames?: ByteRange[][];
}

/** Pixel Data, Float Pixel Data, Double Float Pixel Data (PS3.3 C.7.6.3, C.7.6.24). */
const PIXEL_TAGS = ['x7fe00010', 'x7fe00008', 'x7fe00009'];

/** The pixel data layout of a parsed instance. Throws 404 without pixel data, 406 for syntaxes it cannot cut, 500 when damaged. */
export function pixelLayout(parsed: ParsedPart10): PixelLayout {
  const { dataSet } = parsed;
  const pixelTag = PIXEL_TAGS.find((tag) => dataSet.elements[tag] !== undefined);
  if (pixelTag === undefined) {
    // Only a data set read to its end, and that is an instance at all, truly lacks pixel data.
    if (!parsed.complete || dataSet.elements.x00080018 === undefined)
      throw unreadableInstance('No Pixel Data found in a damaged or non-DICOM file');
    throw noPixelData();
  }
  const element = dataSet.elements[pixelTag]!;
  const transferSyntax = transferSyntaxInfo(parsed.transferSyntaxUID);
  if (transferSyntax === undefined || transferSyntax.encoding === 'video') {
    throw notAcceptable(
      `The instance is stored in transfer syntax ${parsed.transferSyntaxUID}, from which frames cannot be served`,
    );
  }
  const geometry = frameGeometry(dataSet);
  const numberOfFrames = dataSet.intString('x00280008') ?? 1;
  if (!Number.isInteger(numberOfFrames) || numberOfFrames < 1)
    throw unreadableInstance(`Invalid Number of Frames ${numberOfFrames}`);
  const samples: SampleFormat = {
    bitsStored: dataSet.uint16('x00280101') ?? geometry.bitsAllocated,
    pixelRepresentation: dataSet.uint16('x00280103') ?? 0,
    planarConfiguration: dataSet.uint16('x00280006') ?? 0,
    photometricInterpretation: dataSet.string('x00280004'),
  };
  const common = { transferSyntax, numberOfFrames, geometry, samples };

  if (!isEncapsulated(transferSyntax.encoding)) {
    if (element.encapsulatedPixelData) throw unreadableInstance('Encapsulated Pixel Data in a native transfer syntax');
    if (element.dataOffset + element.length > dataSet.byteArray.length)
      throw unreadableInstance('Pixel Data runs past the end of the file');
    const wordSize = transferSyntax.bigEndian ? bigEndianWordSize(element.vr, geometry.bitsAllocated) : 1;
    return { ...common, native: { offset: element.dataOffset, length: element.length, wordSize } };
  }
  if (!element.encapsulatedPixelData || element.fragments === undefined) {
    throw unreadableInstance(`Native Pixel Data in encapsulated transfer syntax ${transferSyntax.uid}`);
  }
  return { ...common, frames: encapsulatedFrames(dataSet, element, element.fragments, common) };
}

function frameGeometry(dataSet: DataSet): FrameGeometry {
  const rows = dataSet.uint16('x00280010');
  const columns = dataSet.uint16('x00280011');
  const bitsAllocated = dataSet.uint16('x00280100');
  const samplesPerPixel = dataSet.uint16('x00280002') ?? 1;
  if (!rows || !columns || !bitsAllocated || !samplesPerPixel) {
    throw unreadableInstance('Rows, Columns, Samples per Pixel or Bits Allocated is missing or zero');
  }
  const photometric = dataSet.string('x00280004');
  return {
    rows,
    columns,
    samplesPerPixel,
    bitsAllocated,
    chromaSubsampled: photometric === 'YBR_FULL_422' || photometric === 'YBR_PARTIAL_422',
  };
}

/**
 * Big endian pixel cells are swapped per pixel when 16, 32 or 64 bits are allocated (as dcmtk
 * and pydicom read them, whatever the VR); smaller cells in OW are swapped per 16-bit word
 * (PS3.5 7.3, 8.1.1).
 */
function bigEndianWordSize(vr: string | undefined, bitsAllocated: number): WordSize {
  if (bitsAllocated === 16 || bitsAllocated === 32 || bitsAllocated === 64) return (bitsAllocated / 8) as WordSize;
  return vrWordSize(vr) === 2 ? 2 : 1;
}

function encapsulatedFrames(
  dataSet: DataSet,
  element: Element,
  fragments: NonNullable<Element['fragments']>,
  layout: Pick<PixelLayout, 'transferSyntax' | 'numberOfFrames'>,
): ByteRange[][] {
  const size = dataSet.byteArray.length;
  if (fragments.some((f) => f.position + f.length > size))
    throw unreadableInstance('A Pixel Data fragment runs past the end of the file');
  try {
    const groups = fragmentFrames({
      fragments: fragments.map((f) => ({
        offset: f.offset,
        bytes: dataSet.byteArray.subarray(f.position, f.position + f.length),
      })),
      numberOfFrames: layout.numberOfFrames,
      encoding: layout.transferSyntax.encoding,
      basicOffsetTable: element.basicOffsetTable ?? [],
      extendedOffsetTable: extendedOffsetTable(dataSet),
    });
    return groups.map((indexes) =>
      indexes.map((i) => ({ offset: fragments[i]!.position, length: fragments[i]!.length })),
    );
  } catch (error) {
    if (error instanceof FragmentLayoutError) throw unreadableInstance(error.message, error);
    throw error;
  }
}

/** Extended Offset Table (7FE0,0001), OV: 64-bit little endian offsets (PS3.3 C.7.6.3.1.8). */
function extendedOffsetTable(dataSet: DataSet): number[] | undefined {
  const element = dataSet.elements.x7fe00001;
  if (element === undefined || element.length === 0 || element.length % 8 !== 0) return undefined;
  if (element.dataOffset + element.length > dataSet.byteArray.length) return undefined;
  const bytes = dataSet.byteArray;
  const view = new DataView(bytes.buffer, bytes.byteOffset + element.dataOffset, element.length);
  return Array.from({ length: element.length / 8 }, (_, i) => Number(view.getBigUint64(i * 8, true)));
}
