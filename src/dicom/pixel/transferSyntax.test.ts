import { describe, expect, it } from 'vitest';
import { isEncapsulated, transferSyntaxInfo } from './transferSyntax';

describe('transferSyntaxInfo', () => {
  it('describes native syntaxes', () => {
    expect(transferSyntaxInfo('1.2.840.10008.1.2.2')).toMatchObject({
      encoding: 'native',
      bigEndian: true,
      deflatedDataSet: false,
    });
    expect(transferSyntaxInfo('1.2.840.10008.1.2.1.99')).toMatchObject({
      encoding: 'native',
      bigEndian: false,
      deflatedDataSet: true,
    });
    expect(transferSyntaxInfo('1.2.840.10008.1.2')).toMatchObject({
      encoding: 'native',
      mediaType: 'application/octet-stream',
    });
  });

  it('names the PS3.18 Table 8.7.3-5 media type of compressed frames', () => {
    expect(transferSyntaxInfo('1.2.840.10008.1.2.4.50')?.mediaType).toBe('image/jpeg');
    expect(transferSyntaxInfo('1.2.840.10008.1.2.4.70')?.mediaType).toBe('image/jpeg');
    expect(transferSyntaxInfo('1.2.840.10008.1.2.4.81')?.mediaType).toBe('image/jls');
    expect(transferSyntaxInfo('1.2.840.10008.1.2.4.91')?.mediaType).toBe('image/jp2');
    expect(transferSyntaxInfo('1.2.840.10008.1.2.4.93')?.mediaType).toBe('image/jpx');
    expect(transferSyntaxInfo('1.2.840.10008.1.2.4.203')?.mediaType).toBe('image/jphc');
    expect(transferSyntaxInfo('1.2.840.10008.1.2.5')?.mediaType).toBe('image/dicom-rle');
  });

  it('knows nothing of unknown syntaxes', () => {
    expect(transferSyntaxInfo('1.2.840.10008.9.9.9')).toBeUndefined();
  });

  it('tells encapsulated encodings apart', () => {
    expect(isEncapsulated('native')).toBe(false);
    expect(isEncapsulated('deflatedFrames')).toBe(true);
    expect(isEncapsulated('rle')).toBe(true);
  });
});
