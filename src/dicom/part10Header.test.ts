import { describe, expect, it } from 'vitest';
import { joinBytes } from './bytes';
import { element, text, ul } from './explicitVrWriter';
import { MAX_HEADER_BYTES, readPart10Header } from './part10Header';

function part10(meta: Uint8Array[], withGroupLength = true): Uint8Array {
  const elements = joinBytes(meta);
  const dataset = text(0x00080018, 'UI', '1.2.3.4');
  return joinBytes([
    new Uint8Array(128),
    new TextEncoder().encode('DICM'),
    ...(withGroupLength ? [ul(0x00020000, elements.length)] : []),
    elements,
    dataset,
  ]);
}

const META = [
  element(0x00020001, 'OB', new Uint8Array([0, 1])),
  text(0x00020002, 'UI', '1.2.840.10008.5.1.4.1.1.2'),
  text(0x00020003, 'UI', '1.2.3.4'),
  text(0x00020010, 'UI', '1.2.840.10008.1.2.4.50'),
];

describe('readPart10Header', () => {
  it('reads the UIDs once group 0002 has ended, and asks for more before', () => {
    const bytes = part10(META);
    const metaEnd = bytes.length - text(0x00080018, 'UI', '1.2.3.4').length;
    for (const length of [0, 100, 132, metaEnd - 1, metaEnd])
      expect(readPart10Header(bytes.subarray(0, length)).status).toBe('incomplete');
    expect(readPart10Header(bytes.subarray(0, metaEnd + 8))).toEqual({
      status: 'complete',
      header: {
        sopClassUID: '1.2.840.10008.5.1.4.1.1.2',
        sopInstanceUID: '1.2.3.4',
        transferSyntaxUID: '1.2.840.10008.1.2.4.50',
      },
    });
  });

  it('does without the group length', () => {
    expect(readPart10Header(part10(META, false))).toMatchObject({
      status: 'complete',
      header: { sopInstanceUID: '1.2.3.4' },
    });
  });

  it('refuses a file without DICM, without a transfer syntax, or whose group 0002 does not end', () => {
    expect(readPart10Header(new Uint8Array(200))).toEqual({ status: 'invalid', reason: 'no DICM prefix' });
    expect(readPart10Header(part10(META.slice(0, 3)))).toEqual({
      status: 'invalid',
      reason: 'the File Meta Information lacks a UID',
    });
    const endless = part10([
      ...META,
      element(0x00020100, 'OB', new Uint8Array(40_000)),
      element(0x00020102, 'OB', new Uint8Array(40_000)),
    ]);
    expect(readPart10Header(endless.subarray(0, MAX_HEADER_BYTES + 1000))).toEqual({
      status: 'invalid',
      reason: 'the File Meta Information does not end',
    });
  });
});
