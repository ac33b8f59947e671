import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusDir, manifest } from '../../test/support/corpus';
import type { DicomJsonDataset, PersonNameValue } from './json';
import { INLINE_BINARY_MAX_BYTES, Part10Error, part10ToJson } from './part10Json';

const read = (relative: string) => part10ToJson(new Uint8Array(readFileSync(path.join(corpusDir, relative))));
const first = (dataset: DicomJsonDataset, tag: string) => dataset[tag]?.Value?.[0];
const patientName = (relative: string) => first(read(relative).dataset, '00100010') as PersonNameValue;

function failure(relative: string): Part10Error {
  try {
    read(relative);
  } catch (error) {
    if (error instanceof Part10Error) return error;
    throw error;
  }
  throw new Error(`${relative} parsed`);
}

describe('part10ToJson: person names and character sets', () => {
  it('splits PN into Alphabetic, Ideographic and Phonetic groups', () => {
    expect(patientName('kinds/charset/chrH31.dcm')).toEqual({
      Alphabetic: 'Yamada^Tarou',
      Ideographic: '山田^太郎',
      Phonetic: 'やまだ^たろう',
    });
  });

  it.each([
    ['chrFren.dcm', { Alphabetic: 'Buc^Jérôme' }],
    ['chrGerm.dcm', { Alphabetic: 'Äneas^Rüdiger' }],
    ['chrGreek.dcm', { Alphabetic: 'Διονυσιος' }],
    ['chrRuss.dcm', { Alphabetic: 'Люкceмбypг' }],
    ['chrArab.dcm', { Alphabetic: 'قباني^لنزار' }],
    ['chrHbrw.dcm', { Alphabetic: 'שרון^דבורה' }],
    ['chrH32.dcm', { Alphabetic: 'ﾔﾏﾀﾞ^ﾀﾛｳ', Ideographic: '山田^太郎', Phonetic: 'やまだ^たろう' }],
    ['chrI2.dcm', { Alphabetic: 'Hong^Gildong', Ideographic: '洪^吉洞', Phonetic: '홍^길동' }],
    ['chrKoreanMulti.dcm', { Alphabetic: '김희중' }],
    ['chrJapMulti.dcm', { Alphabetic: 'やまだ^たろう' }],
    ['chrX1.dcm', { Alphabetic: 'Wang^XiaoDong', Ideographic: '王^小東' }],
    ['chrX2.dcm', { Alphabetic: 'Wang^XiaoDong', Ideographic: '王^小东' }],
  ])('decodes %s to Unicode', (file, expected) => {
    expect(patientName(`kinds/charset/${file}`)).toEqual(expected);
  });

  it('decodes every charset sample without escape codes, replacement characters or warnings', () => {
    const samples = manifest.entries.filter((e) => e.path.startsWith('kinds/charset/'));
    expect(samples).toHaveLength(17);
    for (const entry of samples) {
      const result = read(entry.path);
      expect(result.warnings, entry.path).toEqual([]);
      const text = JSON.stringify(result.dataset);
      expect(text, entry.path).not.toMatch(/\\u001b|\uFFFD/);
    }
  });

  it('applies the Specific Character Set of a sequence item to that item', () => {
    const { dataset } = read('kinds/charset/chrSQEncoding.dcm');
    expect(first(dataset, '00080005')).toBe('ISO_IR 192');
    const item = first(dataset, '00321064') as DicomJsonDataset;
    expect(first(item, '00100010')).toEqual({
      Alphabetic: 'ﾔﾏﾀﾞ^ﾀﾛｳ',
      Ideographic: '山田^太郎',
      Phonetic: 'やまだ^たろう',
    });
  });

  it('keeps the original Specific Character Set values, empty first value as null (PS3.18 F.2.5)', () => {
    expect(read('kinds/charset/chrH31.dcm').dataset['00080005']).toEqual({ vr: 'CS', Value: [null, 'ISO 2022 IR 87'] });
  });
});

describe('part10ToJson: values', () => {
  const ct = read('syntaxes/evrle__ct-cs3d.dcm');

  it('gives DS, IS, US and FD values as numbers and splits multi-valued strings', () => {
    const { dataset } = ct;
    expect(dataset['00280010']).toEqual({ vr: 'US', Value: [expect.any(Number)] });
    const spacing = dataset['00280030']?.Value ?? [];
    expect(spacing).toHaveLength(2);
    expect(spacing.every((v) => typeof v === 'number')).toBe(true);
    expect(dataset['00200013']?.vr).toBe('IS');
    expect(typeof first(dataset, '00200013')).toBe('number');
    expect(dataset['00080008']?.Value?.length).toBeGreaterThan(1);
  });

  it('omits File Meta and group lengths from the data set and reports them apart', () => {
    expect(Object.keys(ct.dataset).some((tag) => tag.startsWith('0002') || tag.endsWith('0000'))).toBe(false);
    expect(first(ct.fileMeta ?? {}, '00020010')).toBe('1.2.840.10008.1.2.1');
    expect(ct.transferSyntaxUID).toBe('1.2.840.10008.1.2.1');
    expect(ct.datasetOffset).toBeGreaterThan(132);
  });

  it('writes AT values as tag strings', () => {
    expect(read('kinds/multiframe/xa-cine-96frames-jpeg.dcm').dataset['00280009']).toEqual({
      vr: 'AT',
      Value: ['00181063'],
    });
    expect(read('kinds/pet-nm/nm-wg04-uncompressed.dcm').dataset['00280009']?.Value).toEqual(['00540010', '00540020']);
  });

  it('turns sequences into nested data sets', () => {
    const { dataset } = read('kinds/waveform/ecg-12lead.dcm');
    const waveforms = dataset['54000100'];
    expect(waveforms?.vr).toBe('SQ');
    expect(waveforms?.Value?.length).toBeGreaterThanOrEqual(2);
    const channel = first(waveforms?.Value?.[0] as DicomJsonDataset, '003A0200') as DicomJsonDataset;
    expect(channel['003A0210']).toEqual({ vr: 'DS', Value: [1.25] });
    const units = first(channel, '003A0211') as DicomJsonDataset;
    expect(first(units, '00080104')).toBe('microvolt');
  });

  it('reads Explicit VR Big Endian and Implicit VR Little Endian into the same JSON', () => {
    const big = read('syntaxes/evrbe__mr-small.dcm').dataset;
    const implicit = read('syntaxes/ivrle__mr-small.dcm').dataset;
    for (const tag of ['00100010', '00280010', '00280030', '00200032', '00281050', '00080008']) {
      expect(big[tag], tag).toEqual(implicit[tag]);
    }
  });

  it('resolves "US or SS" in implicit VR files from Pixel Representation (PS3.5 Annex A)', () => {
    // Implicit VR, PixelRepresentation 1: PixelPaddingValue is stored as 0xF830, i.e. -2000.
    const { dataset } = read('series/ct-liver-3slice-with-seg/ct-01.dcm');
    expect(dataset['00280103']).toEqual({ vr: 'US', Value: [1] });
    expect(dataset['00280120']).toEqual({ vr: 'SS', Value: [-2000] });
  });

  it('inflates the Deflated Explicit VR Little Endian transfer syntax', () => {
    const deflated = read('syntaxes/deflated__ct-cs3d.dcm');
    expect(deflated.transferSyntaxUID).toBe('1.2.840.10008.1.2.1.99');
    expect(first(deflated.dataset, '00080060')).toBe('CT');
    expect(deflated.dataset['7FE00010']).toEqual({ vr: 'OW', BulkDataURI: 'bulk/7FE00010' });
  });
});

describe('part10ToJson: binary values', () => {
  it('replaces Pixel Data with a BulkDataURI, native or encapsulated', () => {
    expect(read('syntaxes/evrle__ct-cs3d.dcm').dataset['7FE00010']).toEqual({ vr: 'OW', BulkDataURI: 'bulk/7FE00010' });
    expect(read('syntaxes/jpeg-baseline__ct-cs3d.dcm').dataset['7FE00010']).toEqual({
      vr: 'OB',
      BulkDataURI: 'bulk/7FE00010',
    });
  });

  it('addresses bulk values inside sequences by tag and item index', () => {
    const { dataset } = read('kinds/overlay/mr-siemens-overlay-and-icon.dcm');
    const icon = first(dataset, '00880200') as DicomJsonDataset;
    expect(icon['7FE00010']?.BulkDataURI).toBe('bulk/00880200/0/7FE00010');
    const ecg = read('kinds/waveform/ecg-12lead.dcm').dataset['54000100']?.Value as DicomJsonDataset[];
    expect(ecg[1]?.['54001010']?.BulkDataURI).toBe('bulk/54000100/1/54001010');
  });

  it(`inlines binary values up to ${INLINE_BINARY_MAX_BYTES} bytes as base64`, () => {
    const { dataset, fileMeta } = read('syntaxes/deflated__ct-cs3d.dcm');
    expect(fileMeta?.['00020001']?.vr).toBe('OB');
    expect(atob(fileMeta?.['00020001']?.InlineBinary ?? '')).toHaveLength(2);
    const inline = Object.values(dataset).filter((e) => e.InlineBinary !== undefined);
    expect(inline.length).toBeGreaterThan(0);
    for (const element of inline)
      expect(atob(element.InlineBinary ?? '').length).toBeLessThanOrEqual(INLINE_BINARY_MAX_BYTES);
  });

  it('inlines longer binary values when asked, but never pixel data', () => {
    const bytes = (relative: string) => new Uint8Array(readFileSync(path.join(corpusDir, relative)));
    const inline = { inlineBinaryMaxBytes: Number.POSITIVE_INFINITY };
    const ecg = part10ToJson(bytes('kinds/waveform/ecg-12lead.dcm'), inline).dataset['54000100']
      ?.Value as DicomJsonDataset[];
    expect(ecg[1]?.['54001010']?.BulkDataURI).toBeUndefined();
    expect(atob(ecg[1]?.['54001010']?.InlineBinary ?? '').length).toBeGreaterThan(INLINE_BINARY_MAX_BYTES);
    const ct = part10ToJson(bytes('series/ct-liver-3slice-with-seg/ct-01.dcm'), inline).dataset;
    expect(ct['7FE00010']).toEqual({ vr: 'OW', BulkDataURI: 'bulk/7FE00010' });
  });
});

describe('part10ToJson: files without preamble or File Meta', () => {
  it.each([
    ['malformed/no-preamble-no-meta__explicit-le.dcm', '1.2.840.10008.1.2.1'],
    ['malformed/no-preamble-no-meta__explicit-be.dcm', '1.2.840.10008.1.2.2'],
  ])('detects the encoding of %s', (file, transferSyntax) => {
    const entry = manifest.entries.find((e) => e.path === file);
    const result = read(file);
    expect(result.transferSyntaxUID).toBe(transferSyntax);
    expect(result.fileMeta).toBeUndefined();
    expect(result.datasetOffset).toBe(0);
    expect(first(result.dataset, '00080018')).toBe(entry?.sopInstanceUID);
    expect(first(result.dataset, '0020000D')).toBe(entry?.studyInstanceUID);
  });

  it('reads an implicit VR data set without preamble (ACR-NEMA style)', () => {
    const result = read('malformed/acr-nema-no-meta-bitsallocated12__fo-gh340.dcm');
    expect(result.transferSyntaxUID).toBe('1.2.840.10008.1.2');
    expect(first(result.dataset, '00280100')).toBe(12);
  });
});

describe('part10ToJson: refusals say why', () => {
  it.each([
    ['malformed/derived-empty-file.dcm', 'NOT_DICOM', /empty/],
    ['malformed/derived-not-dicom-jpeg-file.dcm', 'NOT_DICOM', /no DICM prefix and no parseable data set/],
    ['malformed/derived-preamble-and-prefix-only.dcm', 'NOT_DICOM', /then nothing/],
    ['malformed/derived-truncated-in-file-meta__ct-small.dcm', 'TRUNCATED', /File Meta Information/],
    [
      'malformed/truncated-pixel-data__mr-small.dcm',
      'TRUNCATED',
      /ends inside element \(7FE0,0010\), which declares 8192 bytes but only 8130 remain/,
    ],
    ['malformed/derived-truncated-in-dataset__ct.dcm', 'TRUNCATED', /^Truncated: the file ends inside/],
    [
      'malformed/derived-unknown-transfer-syntax__ct-small.dcm',
      'UNSUPPORTED_TRANSFER_SYNTAX',
      /1\.2\.840\.10008\.9\.9\.9/,
    ],
    [
      'malformed/derived-invalid-vr__ct-small.dcm',
      'MALFORMED',
      /\(0008,0070\) has the invalid value representation "ZZ"/,
    ],
    ['malformed/invalid-is-value__rtdose.dcm', 'INVALID_VALUE', /NumberOfFrames has the value "1A"/],
    ['malformed/meta-missing-transfer-syntax.dcm', 'BAD_FILE_META', /Transfer Syntax UID \(0002,0010\)/],
    [
      'malformed/derived-meta-says-explicit-dataset-implicit__mr-small.dcm',
      'MALFORMED',
      /encoded as Implicit VR Little Endian/,
    ],
    ['malformed/derived-corrupt-deflate-stream__ot.dcm', 'MALFORMED', /deflated data set is corrupt/],
  ])('%s → %s', (file, code, message) => {
    const error = failure(file);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('drops garbage after the last element and says so', () => {
    const result = read('malformed/derived-trailing-garbage__ct-small.dcm');
    expect(result.trailingBytes).toBe(1024);
    expect(result.warnings).toEqual([
      '1024 bytes after the data set are not a data element: they were left out of the index',
    ]);
    expect(result.dataset['7FE00010']?.BulkDataURI).toBe('bulk/7FE00010');
  });

  it('accepts an ArrayBuffer', () => {
    const bytes = readFileSync(path.join(corpusDir, 'syntaxes/evrle__ct-cs3d.dcm'));
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    expect(first(part10ToJson(buffer).dataset, '00080060')).toBe('CT');
  });
});
