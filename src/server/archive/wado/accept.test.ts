import { describe, expect, it } from 'vitest';
import { describeOffers, selectRepresentation, type Offer, type Packaging } from './accept';

const LE = '1.2.840.10008.1.2.1';
const JPEG = '1.2.840.10008.1.2.4.50';
const DEFLATE = '1.2.840.10008.1.2.8.1';

const uncompressed: Offer = { mediaType: 'application/octet-stream', transferSyntax: LE, isDefault: true };
const jpeg: Offer = { mediaType: 'image/jpeg', transferSyntax: JPEG, isDefault: true };
const deflated: Offer = { mediaType: 'application/octet-stream', transferSyntax: DEFLATE, isDefault: false };
const both: Packaging[] = ['multipart', 'single'];

const pick = (accept: string | undefined, offers: Offer[], packagings: Packaging[] = both) => {
  const selection = selectRepresentation(accept, offers, packagings);
  return (
    selection && `${selection.packaging} ${selection.offer.mediaType} ${selection.offer.transferSyntax ?? ''}`.trim()
  );
};

describe('selectRepresentation', () => {
  it('answers no Accept header, an empty one and */* with the default, multipart first', () => {
    for (const accept of [undefined, '', '*/*']) {
      expect(pick(accept, [uncompressed])).toBe(`multipart application/octet-stream ${LE}`);
      expect(pick(accept, [deflated, uncompressed])).toBe(`multipart application/octet-stream ${LE}`);
      expect(pick(accept, [jpeg])).toBe(`multipart image/jpeg ${JPEG}`);
    }
  });

  it("serves what is stored for Cornerstone's `type=application/octet-stream; transfer-syntax=*`", () => {
    const accept = 'multipart/related; type=application/octet-stream; transfer-syntax=*';
    expect(pick(accept, [jpeg])).toBe(`multipart image/jpeg ${JPEG}`);
    expect(pick(accept, [uncompressed])).toBe(`multipart application/octet-stream ${LE}`);
    expect(pick(accept, [deflated, uncompressed])).toBe(`multipart application/octet-stream ${DEFLATE}`);
    expect(pick('multipart/related; type="application/octet-stream"; transfer-syntax=*', [jpeg])).toBe(
      `multipart image/jpeg ${JPEG}`,
    );
  });

  it('reads transfer-syntax given inside the type parameter', () => {
    expect(pick('multipart/related; type="application/octet-stream; transfer-syntax=*"', [jpeg])).toBe(
      `multipart image/jpeg ${JPEG}`,
    );
    expect(pick(`multipart/related; type="image/jpeg; transfer-syntax=${JPEG}"`, [jpeg])).toBe(
      `multipart image/jpeg ${JPEG}`,
    );
  });

  it('gives uncompressed data only to octet-stream without a transfer syntax (PS3.18 Table 8.7.3-4 default)', () => {
    const accept = 'multipart/related; type="application/octet-stream"';
    expect(pick(accept, [uncompressed])).toBe(`multipart application/octet-stream ${LE}`);
    expect(pick(accept, [deflated, uncompressed])).toBe(`multipart application/octet-stream ${LE}`);
    expect(pick(accept, [jpeg])).toBeUndefined();
  });

  it('matches a named transfer syntax exactly', () => {
    expect(pick(`multipart/related; type="image/jpeg"; transfer-syntax=${JPEG}`, [jpeg])).toBe(
      `multipart image/jpeg ${JPEG}`,
    );
    expect(
      pick('multipart/related; type="image/jpeg"; transfer-syntax=1.2.840.10008.1.2.4.70', [jpeg]),
    ).toBeUndefined();
    expect(
      pick(`multipart/related; type="application/octet-stream"; transfer-syntax=${LE}`, [deflated, uncompressed]),
    ).toBe(`multipart application/octet-stream ${LE}`);
    expect(pick(`multipart/related; type="application/octet-stream"; transfer-syntax=${LE}`, [jpeg])).toBeUndefined();
  });

  it('falls back to another acceptable range', () => {
    const accept = `multipart/related; type="application/octet-stream"; transfer-syntax=${LE}, multipart/related; type="image/jpeg"`;
    expect(pick(accept, [jpeg])).toBe(`multipart image/jpeg ${JPEG}`);
  });

  it('honours q-values, with the most specific range deciding', () => {
    const accept = `multipart/related; type="application/octet-stream"; transfer-syntax=*; q=0.5, multipart/related; type="application/octet-stream"; transfer-syntax=${LE}`;
    expect(pick(accept, [deflated, uncompressed])).toBe(`multipart application/octet-stream ${LE}`);
    expect(pick('multipart/related; type="image/jpeg"; q=0, */*', [jpeg])).toBe(`single image/jpeg ${JPEG}`);
    expect(pick('multipart/related; type="image/jpeg"; q=0, */*', [jpeg], ['multipart'])).toBeUndefined();
    expect(pick('*/*;q=0', [jpeg])).toBeUndefined();
  });

  it('serves single parts only to single-part media ranges', () => {
    expect(pick('image/jpeg', [jpeg])).toBe(`single image/jpeg ${JPEG}`);
    expect(pick('image/*', [jpeg])).toBe(`single image/jpeg ${JPEG}`);
    expect(pick('image/jpeg', [jpeg], ['multipart'])).toBeUndefined();
    expect(pick('application/octet-stream; transfer-syntax=*', [jpeg])).toBe(`single image/jpeg ${JPEG}`);
    expect(pick('multipart/related; type="image/*"', [jpeg])).toBe(`multipart image/jpeg ${JPEG}`);
  });

  it('negotiates DICOM instances and metadata', () => {
    const stored: Offer = { mediaType: 'application/dicom', transferSyntax: JPEG, isDefault: true };
    expect(pick('multipart/related; type="application/dicom"', [stored])).toBe(`multipart application/dicom ${JPEG}`);
    expect(pick('multipart/related; type="application/dicom"; transfer-syntax=*', [stored])).toBe(
      `multipart application/dicom ${JPEG}`,
    );
    expect(pick(`multipart/related; type="application/dicom"; transfer-syntax=${LE}`, [stored])).toBeUndefined();
    expect(pick('application/dicom', [stored], ['multipart'])).toBeUndefined();
    const json: Offer = { mediaType: 'application/dicom+json', isDefault: true };
    expect(pick('application/dicom+json', [json], ['single'])).toBe('single application/dicom+json');
    expect(pick('application/json, text/html;q=0.9', [json], ['single'])).toBeUndefined();
    expect(pick('multipart/related; type="application/dicom+xml"', [json], ['single'])).toBeUndefined();
    expect(pick('text/html, */*;q=0.1', [json], ['single'])).toBe('single application/dicom+json');
  });

  it('skips malformed ranges instead of failing', () => {
    expect(pick('garbage, ;;, image/jpeg;q=abc, multipart/related; type="image/jpeg"', [jpeg])).toBe(
      `multipart image/jpeg ${JPEG}`,
    );
    expect(pick('garbage', [jpeg])).toBeUndefined();
  });
});

describe('describeOffers', () => {
  it('lists media ranges a client could send', () => {
    expect(describeOffers([jpeg], both)).toBe(
      `multipart/related; type="image/jpeg"; transfer-syntax=${JPEG}, image/jpeg; transfer-syntax=${JPEG}`,
    );
  });
});
