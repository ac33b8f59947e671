/**
 * UN of undefined length in an Explicit VR Big Endian data set. Its value is a sequence encoded
 * as Implicit VR Little Endian (PS3.5 6.2.2), which dicom-parser reads with the data set's byte
 * order and so loses its way. Given a definite length, the same bytes are one opaque UN value and
 * every element around it parses. Isomorphic.
 */

const UNDEFINED = 0xffffffff;
const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
const ITEM = 0xfffee000;
const ITEM_END = 0xfffee00d;
const SEQUENCE_END = 0xfffee0dd;

interface DefinedLengthUn {
  /** A copy with each such UN's length written out (same size: every offset is unchanged); the input when none. */
  bytes: Uint8Array;
  /** Tags (GGGGEEEE, upper case) of the UN values given a length. */
  tags: string[];
}

/** The big endian data set at `offset` with its undefined-length UN values given their lengths. */
export function withDefinedLengthUn(input: Uint8Array, offset: number): DefinedLengthUn {
  const walker = new Walker(input);
  try {
    walker.explicitBigEndian(offset, input.length, undefined);
  } catch (error) {
    // A data set the walker cannot follow is left to the parser, which explains what is wrong with it.
    if (!(error instanceof RangeError)) throw error;
  }
  return walker.patched.length === 0 ? { bytes: input, tags: [] } : { bytes: walker.bytes, tags: walker.patched };
}

class Walker {
  readonly patched: string[] = [];
  bytes: Uint8Array;
  private view: DataView;
  private copied = false;

  constructor(private readonly input: Uint8Array) {
    this.bytes = input;
    this.view = new DataView(input.buffer, input.byteOffset, input.byteLength);
  }

  /** Elements from `at` until `end`, or until the item delimiter `until` (then returns after it). */
  explicitBigEndian(at: number, end: number, until: number | undefined): number {
    while (at + 8 <= end) {
      const tag = this.tag(at, false);
      if (tag === until) return at + 8;
      const vr = String.fromCharCode(this.bytes[at + 4]!, this.bytes[at + 5]!);
      const long = LONG_VRS.has(vr);
      const lengthAt = long ? at + 8 : at + 6;
      const length = long ? this.view.getUint32(lengthAt, false) : this.view.getUint16(lengthAt, false);
      const valueAt = lengthAt + (long ? 4 : 2);
      if (length !== UNDEFINED) {
        at = valueAt + length;
        continue;
      }
      if (vr === 'SQ') at = this.items(valueAt, false);
      else if (vr === 'UN') {
        const next = this.items(valueAt, true);
        this.setLength(lengthAt, next - valueAt, tag);
        at = next;
      } else throw new RangeError('undefined length outside a sequence');
    }
    return at;
  }

  /** Items up to and past the sequence delimiter; returns where the next element starts. */
  private items(at: number, implicitLittleEndian: boolean): number {
    for (;;) {
      const tag = this.tag(at, implicitLittleEndian);
      const length = this.view.getUint32(at + 4, implicitLittleEndian);
      at += 8;
      if (tag === SEQUENCE_END) return at;
      if (tag !== ITEM) throw new RangeError('not an item');
      if (length !== UNDEFINED) at += length;
      else if (implicitLittleEndian) at = this.implicitLittleEndian(at);
      else at = this.explicitBigEndian(at, this.bytes.length, ITEM_END);
    }
  }

  /** Implicit VR Little Endian elements of an undefined-length item, past its delimiter. */
  private implicitLittleEndian(at: number): number {
    for (;;) {
      const tag = this.tag(at, true);
      const length = this.view.getUint32(at + 4, true);
      at += 8;
      if (tag === ITEM_END) return at;
      at = length === UNDEFINED ? this.items(at, true) : at + length;
    }
  }

  private tag(at: number, littleEndian: boolean): number {
    if (at + 8 > this.bytes.length) throw new RangeError('past the end');
    return ((this.view.getUint16(at, littleEndian) << 16) | this.view.getUint16(at + 2, littleEndian)) >>> 0;
  }

  private setLength(lengthAt: number, length: number, tag: number): void {
    if (!this.copied) {
      this.bytes = this.input.slice();
      this.view = new DataView(this.bytes.buffer);
      this.copied = true;
    }
    this.view.setUint32(lengthAt, length, false);
    this.patched.push(tag.toString(16).toUpperCase().padStart(8, '0'));
  }
}
