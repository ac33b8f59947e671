/**
 * Reads the File Meta Information (PS3.10 7.1) from the first bytes of a Part 10 file, so a
 * stream can learn what a file is (SOP class, instance, transfer syntax) before the rest arrives.
 * Group 0002 is always Explicit VR Little Endian.
 */

export interface Part10Header {
  sopClassUID: string;
  sopInstanceUID: string;
  transferSyntaxUID: string;
}

type Part10HeaderResult =
  | { status: 'complete'; header: Part10Header }
  /** More bytes are needed to reach the end of group 0002. */
  | { status: 'incomplete' }
  | { status: 'invalid'; reason: string };

const PREAMBLE_BYTES = 132;
/** Past this, group 0002 is not coming to an end: refuse rather than buffer on. */
export const MAX_HEADER_BYTES = 64 * 1024;
const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
const latin1 = new TextDecoder('latin1');

export function readPart10Header(bytes: Uint8Array): Part10HeaderResult {
  if (bytes.length < PREAMBLE_BYTES) return { status: 'incomplete' };
  if (latin1.decode(bytes.subarray(128, 132)) !== 'DICM') return { status: 'invalid', reason: 'no DICM prefix' };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Map<number, string>();
  let at = PREAMBLE_BYTES;
  for (;;) {
    if (at + 8 > bytes.length) break;
    const group = view.getUint16(at, true);
    if (group !== 0x0002) return complete(values);
    const tag = (group << 16) | view.getUint16(at + 2, true);
    const vr = latin1.decode(bytes.subarray(at + 4, at + 6));
    const long = LONG_VRS.has(vr);
    if (long && at + 12 > bytes.length) break;
    const length = long ? view.getUint32(at + 8, true) : view.getUint16(at + 6, true);
    const valueAt = at + (long ? 12 : 8);
    if (length > MAX_HEADER_BYTES) return { status: 'invalid', reason: 'a File Meta element is too long' };
    if (valueAt + length > bytes.length) break;
    if (vr === 'UI')
      values.set(tag >>> 0, latin1.decode(bytes.subarray(valueAt, valueAt + length)).replace(/[\0 ]+$/, ''));
    at = valueAt + length;
  }
  if (bytes.length > MAX_HEADER_BYTES) return { status: 'invalid', reason: 'the File Meta Information does not end' };
  return { status: 'incomplete' };
}

function complete(values: Map<number, string>): Part10HeaderResult {
  const sopClassUID = values.get(0x00020002);
  const sopInstanceUID = values.get(0x00020003);
  const transferSyntaxUID = values.get(0x00020010);
  if (!sopClassUID || !sopInstanceUID || !transferSyntaxUID)
    return { status: 'invalid', reason: 'the File Meta Information lacks a UID' };
  return { status: 'complete', header: { sopClassUID, sopInstanceUID, transferSyntaxUID } };
}
