import dcmjs from 'dcmjs';
import type { Identity } from './identify';

/** SecondRead's Implementation Class UID: a UUID-derived UID (PS3.5 B.2), fixed for this implementation. */
export const IMPLEMENTATION_CLASS_UID = '2.25.233318364722539366153371437367409421386';
const IMPLEMENTATION_VERSION_NAME = 'SECONDREAD_1';

/**
 * Preamble, DICM prefix and File Meta Information (PS3.10 7.1) for a data set that arrived
 * without them, so every file in archive/ is a Part 10 file that any reader opens. The data set
 * bytes that follow are kept exactly as received.
 */
export function fileMetaHeader(
  identity: Pick<Identity, 'sopClassUID' | 'sopInstanceUID'>,
  transferSyntaxUID: string,
): Uint8Array {
  const meta = {
    '00020001': { vr: 'OB', Value: [new Uint8Array([0, 1]).buffer] },
    '00020002': { vr: 'UI', Value: [identity.sopClassUID] },
    '00020003': { vr: 'UI', Value: [identity.sopInstanceUID] },
    '00020010': { vr: 'UI', Value: [transferSyntaxUID] },
    '00020012': { vr: 'UI', Value: [IMPLEMENTATION_CLASS_UID] },
    '00020013': { vr: 'SH', Value: [IMPLEMENTATION_VERSION_NAME] },
  };
  return new Uint8Array(new dcmjs.data.DicomDict(meta).write());
}
