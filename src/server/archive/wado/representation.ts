import {
  EXPLICIT_VR_LITTLE_ENDIAN,
  isEncapsulated,
  type TransferSyntaxInfo,
} from '../../../dicom/pixel/transferSyntax';
import type { Offer, Selection } from './accept';

const OCTET_STREAM = 'application/octet-stream';

/** Uncompressed little endian: the PS3.18 Table 8.7.3-4 default for pixel and bulk data. */
export const UNCOMPRESSED: Offer = {
  mediaType: OCTET_STREAM,
  transferSyntax: EXPLICIT_VR_LITTLE_ENDIAN,
  isDefault: true,
};

/**
 * What frames of a stored syntax can be served as, in order of preference. Native data is always
 * served little endian. Compressed frames are served as stored (PS3.18 8.7.3.3: the server holds
 * nothing else, so that is also the default). Deflated and encapsulated uncompressed frames can
 * also be decoded here, which is the default when no transfer syntax is named.
 */
export function frameOffers(syntax: TransferSyntaxInfo): Offer[] {
  if (!isEncapsulated(syntax.encoding)) return [UNCOMPRESSED];
  const asStored: Offer = { mediaType: syntax.mediaType, transferSyntax: syntax.uid, isDefault: true };
  if (syntax.encoding === 'deflatedFrames' || syntax.encoding === 'encapsulatedUncompressed') {
    return [{ ...asStored, isDefault: false }, UNCOMPRESSED];
  }
  return [asStored];
}

/** True when the selected offer needs the encapsulated frames decoded to raw little endian. */
export function needsDecoding(syntax: TransferSyntaxInfo, offer: Offer): boolean {
  return isEncapsulated(syntax.encoding) && offer.transferSyntax === EXPLICIT_VR_LITTLE_ENDIAN;
}

/** Content-Type of one payload, with its transfer syntax (PS3.18 8.7.3.4). */
export function payloadType(offer: Offer): string {
  return offer.transferSyntax === undefined
    ? offer.mediaType
    : `${offer.mediaType}; transfer-syntax=${offer.transferSyntax}`;
}

/** Content-Type of the whole response. */
export function responseType(selection: Selection, boundary: string): string {
  const { offer } = selection;
  if (selection.packaging === 'single') return payloadType(offer);
  const ts = offer.transferSyntax === undefined ? '' : `; transfer-syntax=${offer.transferSyntax}`;
  return `multipart/related; type="${offer.mediaType}"${ts}; boundary=${boundary}`;
}
