import type { PixelEncoding } from './transferSyntax';

/**
 * Which fragments of encapsulated Pixel Data make up each frame (PS3.5 A.4). Sources, most
 * trusted first: the Extended Offset Table (PS3.3 C.7.6.3.1.8), the Basic Offset Table, one
 * fragment per frame, then codestream markers. An offset table is used only when it is
 * consistent with the fragments actually present: real files carry tables that point past the
 * data. Isomorphic.
 */

export interface FragmentInfo {
  /** Offset of the fragment's Item tag from the first fragment's Item tag (the offset tables' origin). */
  offset: number;
  /** The fragment value (a view: only its first and last bytes are read). */
  bytes: Uint8Array;
}

interface FragmentFramesInput {
  fragments: FragmentInfo[];
  numberOfFrames: number;
  encoding: PixelEncoding;
  basicOffsetTable: number[];
  /** Extended Offset Table (7FE0,0001) offsets, when present. */
  extendedOffsetTable?: number[];
}

export class FragmentLayoutError extends Error {
  override name = 'FragmentLayoutError';
}

/** Fragment indexes per frame, in frame order. Throws FragmentLayoutError when no source agrees. */
export function fragmentFrames(input: FragmentFramesInput): number[][] {
  const { fragments, numberOfFrames, encoding } = input;
  if (fragments.length === 0) throw new FragmentLayoutError('Encapsulated Pixel Data has no fragments');
  // PS3.5 A.4: a single frame may span any number of fragments.
  if (numberOfFrames === 1) return [fragments.map((_, i) => i)];
  if (fragments.length < numberOfFrames) {
    throw new FragmentLayoutError(`${fragments.length} fragments cannot hold ${numberOfFrames} frames`);
  }
  const fromTables = [input.extendedOffsetTable, input.basicOffsetTable]
    .map((table) => (table ? framesFromOffsets(table, input) : undefined))
    .find((frames) => frames !== undefined);
  if (fromTables) return fromTables;
  if (fragments.length === numberOfFrames) return fragments.map((_, i) => [i]);

  const starts = fragments.flatMap((f, i) => (startsCodestream(f.bytes, encoding) ? [i] : []));
  if (starts.length === numberOfFrames && starts[0] === 0) return groupByStarts(starts, fragments.length);
  if (hasEndMarker(encoding)) {
    const ends = fragments.flatMap((f, i) => (endsCodestream(f.bytes) ? [i] : []));
    if (ends.length === numberOfFrames && ends[ends.length - 1] === fragments.length - 1) {
      return groupByStarts([0, ...ends.slice(0, -1).map((end) => end + 1)], fragments.length);
    }
  }
  throw new FragmentLayoutError(
    `Cannot tell which of ${fragments.length} fragments belong to which of ${numberOfFrames} frames without a valid offset table`,
  );
}

/** Frames from an offset table, or undefined when the table is empty or disagrees with the fragments. */
function framesFromOffsets(offsets: number[], input: FragmentFramesInput): number[][] | undefined {
  const { fragments, numberOfFrames, encoding } = input;
  if (offsets.length !== numberOfFrames) return undefined;
  const indexByOffset = new Map(fragments.map((f, i) => [f.offset, i]));
  const starts: number[] = [];
  for (const offset of offsets) {
    const index = indexByOffset.get(offset);
    if (index === undefined || (starts.length > 0 && index <= starts[starts.length - 1]!)) return undefined;
    starts.push(index);
  }
  if (starts[0] !== 0) return undefined;
  // A table can be self-consistent yet wrong; where the codestream has a start marker, check it.
  if (hasStartMarker(encoding) && starts.some((i) => !startsCodestream(fragments[i]!.bytes, encoding)))
    return undefined;
  return groupByStarts(starts, fragments.length);
}

function groupByStarts(starts: number[], fragmentCount: number): number[][] {
  return starts.map((start, k) => {
    const end = starts[k + 1] ?? fragmentCount;
    return Array.from({ length: end - start }, (_, j) => start + j);
  });
}

const JPEG_SOI = [0xff, 0xd8, 0xff];
const J2K_SOC_SIZ = [0xff, 0x4f, 0xff, 0x51];
/** JPEG 2000 signature box (ISO/IEC 15444-1 I.5.1): some writers store JP2 files, not raw codestreams. */
const JP2_SIGNATURE = [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20];
const JXL_CODESTREAM = [0xff, 0x0a];
const JXL_SIGNATURE = [0x00, 0x00, 0x00, 0x0c, 0x4a, 0x58, 0x4c, 0x20];

function hasStartMarker(encoding: PixelEncoding): boolean {
  return ['jpeg', 'jpegLs', 'jpeg2000', 'htj2k', 'jpegXl'].includes(encoding);
}

/** JPEG EOI and the JPEG 2000 EOC marker are both FFD9. */
function hasEndMarker(encoding: PixelEncoding): boolean {
  return ['jpeg', 'jpegLs', 'jpeg2000', 'htj2k'].includes(encoding);
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/** True when the fragment begins a codestream of the given encoding. */
export function startsCodestream(bytes: Uint8Array, encoding: PixelEncoding): boolean {
  switch (encoding) {
    case 'jpeg':
    case 'jpegLs':
      return startsWith(bytes, JPEG_SOI);
    case 'jpeg2000':
    case 'htj2k':
      return startsWith(bytes, J2K_SOC_SIZ) || startsWith(bytes, JP2_SIGNATURE);
    case 'jpegXl':
      return startsWith(bytes, JXL_CODESTREAM) || startsWith(bytes, JXL_SIGNATURE);
    default:
      return false;
  }
}

/** True when the fragment ends with FFD9, allowing the one trailing pad byte of PS3.5 A.4. */
function endsCodestream(bytes: Uint8Array): boolean {
  const n = bytes.length;
  const endsAt = (i: number) => i >= 1 && bytes[i - 1] === 0xff && bytes[i] === 0xd9;
  return endsAt(n - 1) || (bytes[n - 1] === 0x00 && endsAt(n - 2));
}
