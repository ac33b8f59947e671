/**
 * A small Explicit VR Little Endian element writer (PS3.5 7.1.2), enough for File Meta
 * Information and a DICOMDIR: strings, US/UL, OB and defined-length sequences. Every element
 * knows its length before it is written, which is what lets DICOMDIR offsets be computed exactly.
 */

const utf8 = new TextEncoder();

/** VRs with the 4-byte length form (PS3.5 Table 7.1-1). */
const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);

function tagBytes(tag: number, view: DataView, at: number) {
  view.setUint16(at, tag >>> 16, true);
  view.setUint16(at + 2, tag & 0xffff, true);
}

/** One element: tag (as 0xGGGGEEEE), VR and value bytes, padded to even length with `pad`. */
export function element(tag: number, vr: string, value: Uint8Array, pad = 0x20): Uint8Array {
  const length = value.length + (value.length % 2);
  const long = LONG_VRS.has(vr);
  const header = long ? 12 : 8;
  if (!long && length > 0xffff) throw new RangeError(`Value of ${tag.toString(16)} is too long for ${vr}`);
  const out = new Uint8Array(header + length);
  const view = new DataView(out.buffer);
  tagBytes(tag, view, 0);
  out[4] = vr.charCodeAt(0);
  out[5] = vr.charCodeAt(1);
  if (long) view.setUint32(8, length, true);
  else view.setUint16(6, length, true);
  out.set(value, header);
  if (length !== value.length) out[header + value.length] = pad;
  return out;
}

/** A text element; several values are joined with backslash. UIs pad with NUL, the rest with a space (PS3.5 6.2). */
export function text(tag: number, vr: string, values: string | readonly string[]): Uint8Array {
  const joined = typeof values === 'string' ? values : values.join('\\');
  return element(tag, vr, utf8.encode(joined), vr === 'UI' ? 0 : 0x20);
}

export function ul(tag: number, value: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value, true);
  return element(tag, 'UL', bytes);
}

export function us(tag: number, value: number): Uint8Array {
  const bytes = new Uint8Array(2);
  new DataView(bytes.buffer).setUint16(0, value, true);
  return element(tag, 'US', bytes);
}

/** The header of a sequence with a defined length: its items follow. */
export function sequenceHeader(tag: number, length: number): Uint8Array {
  const out = element(tag, 'SQ', new Uint8Array(0));
  new DataView(out.buffer).setUint32(8, length, true);
  return out;
}

export const ITEM_HEADER_BYTES = 8;

/** The header of an item (FFFE,E000) with a defined length: its elements follow. */
export function itemHeader(length: number): Uint8Array {
  const out = new Uint8Array(ITEM_HEADER_BYTES);
  const view = new DataView(out.buffer);
  tagBytes(0xfffee000, view, 0);
  view.setUint32(4, length, true);
  return out;
}
