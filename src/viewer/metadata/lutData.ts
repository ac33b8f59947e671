/**
 * Lookup-table data as numbers: Palette Color LUTs (PS3.3 C.7.6.3.1.5/6), Segmented Palette
 * Color LUTs (C.7.9.2) and the LUTs of the Modality and VOI LUT Sequences (C.11.1, C.11.2).
 * Pure: the bytes come from DICOM JSON InlineBinary or a resolved BulkDataURI.
 */

/** [number of entries (0 means 65536), first stored value mapped, bits per entry]. */
export type LutDescriptor = readonly [number, number, number];

export interface Lut {
  /** LUT Explanation (0028,3003), when given. */
  readonly explanation?: string;
  readonly firstValueMapped: number;
  readonly numBitsPerEntry: number;
  readonly lut: readonly number[];
}

export function entriesOf(descriptor: LutDescriptor): number {
  return descriptor[0] === 0 ? 65536 : descriptor[0];
}

/**
 * First value mapped is US or SS depending on the pixel data (C.11.1.1.1); JSON from a
 * US-typed descriptor carries it unsigned, so signed images wrap it back.
 */
export function descriptorOf(values: readonly number[] | undefined, signedPixels: boolean): LutDescriptor | undefined {
  if (!values || values.length < 3 || values.slice(0, 3).some((v) => !Number.isFinite(v))) return undefined;
  const first = signedPixels && values[1]! > 32767 ? values[1]! - 65536 : values[1]!;
  return [values[0]!, first, values[2]!];
}

const littleEndian = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/**
 * LUT entries from OW bytes. A table of N 8-bit entries is sometimes packed one byte per entry
 * (byte length N) and sometimes one entry per 16-bit word; the byte length tells which.
 */
export function lutEntriesFromBytes(bytes: Uint8Array, entries: number, signed = false): number[] {
  if (bytes.byteLength === entries) return Array.from(bytes);
  const view = littleEndian(bytes);
  const count = Math.min(entries, Math.floor(bytes.byteLength / 2));
  const out = new Array<number>(count);
  for (let i = 0; i < count; i++) out[i] = signed ? view.getInt16(i * 2, true) : view.getUint16(i * 2, true);
  return out;
}

/** 16-bit words of segmented LUT data, little endian. */
export function wordsFromBytes(bytes: Uint8Array): number[] {
  const view = littleEndian(bytes);
  return Array.from({ length: Math.floor(bytes.byteLength / 2) }, (_, i) => view.getUint16(i * 2, true));
}

/**
 * Expands a Segmented Palette Color LUT (C.7.9.2): discrete (0) and linear (1)
 * segments, into `entries` values. Throws on a malformed table rather than guessing colours.
 */
export function expandSegmentedLut(words: readonly number[], entries: number): number[] {
  const out: number[] = [];
  const read = (at: number): number => {
    const value = words[at];
    if (value === undefined) throw new RangeError('Segmented palette LUT ends inside a segment');
    return value;
  };
  let at = 0;
  while (at < words.length) {
    const opcode = read(at);
    const length = read(at + 1);
    if (opcode === 0) {
      for (let i = 0; i < length; i++) out.push(read(at + 2 + i));
      at += 2 + length;
    } else if (opcode === 1) {
      const from = out.at(-1);
      if (from === undefined) throw new RangeError('Segmented palette LUT starts with a linear segment');
      const to = read(at + 2);
      for (let i = 1; i <= length; i++) out.push(Math.round(from + ((to - from) * i) / length));
      at += 3;
    } else {
      // Indirect segments (type 2) copy earlier segments; no known device writes them.
      throw new RangeError(`Segmented palette LUT segment type ${opcode} is not supported`);
    }
  }
  if (out.length < entries) throw new RangeError(`Segmented palette LUT gives ${out.length} of ${entries} entries`);
  return out.slice(0, entries);
}

/** Base64 (InlineBinary) to bytes, without Node's Buffer so the browser can use it. */
export function bytesFromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
