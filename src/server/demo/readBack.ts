import dicomParser, { type DataSet } from 'dicom-parser';
import { tagOf } from '../../dicom/tags';

/**
 * Test helper: parses a generated file with dicom-parser, an implementation independent of the
 * dcmjs writer, and exposes the values the tests check.
 */
export interface ReadBack {
  readonly dataSet: DataSet;
  string(keyword: string): string | undefined;
  numbers(keyword: string): number[];
  uint16(keyword: string): number | undefined;
  /** The VR written for an element (Explicit VR). */
  vr(keyword: string): string | undefined;
  pixelBytes(): Uint8Array;
  transferSyntax: string | undefined;
}

export function readBack(file: Uint8Array): ReadBack {
  const dataSet = dicomParser.parseDicom(file);
  const key = (keyword: string): string => {
    const tag = tagOf(keyword);
    if (!tag) throw new Error(`unknown keyword ${keyword}`);
    return `x${tag.toLowerCase()}`;
  };
  return {
    dataSet,
    string: (keyword) => dataSet.string(key(keyword)),
    numbers: (keyword) => {
      const text = dataSet.string(key(keyword));
      return text === undefined ? [] : text.split('\\').map(Number);
    },
    uint16: (keyword) => dataSet.uint16(key(keyword)),
    vr: (keyword) => dataSet.elements[key(keyword)]?.vr,
    pixelBytes: () => {
      const pixelData = dataSet.elements[key('PixelData')];
      if (!pixelData) throw new Error('no PixelData');
      return file.subarray(pixelData.dataOffset, pixelData.dataOffset + pixelData.length);
    },
    transferSyntax: dataSet.string('x00020010'),
  };
}
