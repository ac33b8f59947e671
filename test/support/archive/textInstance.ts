import dcmjs from 'dcmjs';
import type { DicomJsonDataset } from '../../../src/dicom/json';

interface TextInstanceUids {
  study: string;
  series: string;
  instance: string;
}

const SOP_CLASS = '1.2.840.10008.5.1.4.1.1.88.11'; // Basic Text SR: no pixel data needed.

/** A minimal Explicit VR Little Endian Part 10 instance carrying the given attributes, for values the corpus lacks. */
export function textInstance(uids: TextInstanceUids, attributes: DicomJsonDataset): Buffer {
  const meta = {
    '00020001': { vr: 'OB', Value: [new Uint8Array([0, 1]).buffer] },
    '00020002': { vr: 'UI', Value: [SOP_CLASS] },
    '00020003': { vr: 'UI', Value: [uids.instance] },
    '00020010': { vr: 'UI', Value: ['1.2.840.10008.1.2.1'] },
    '00020012': { vr: 'UI', Value: ['1.2.826.0.1.3680043.10.99'] },
  };
  const dict = new dcmjs.data.DicomDict(meta);
  dict.dict = {
    '00080005': { vr: 'CS', Value: ['ISO_IR 192'] },
    '00080016': { vr: 'UI', Value: [SOP_CLASS] },
    '00080018': { vr: 'UI', Value: [uids.instance] },
    '0020000D': { vr: 'UI', Value: [uids.study] },
    '0020000E': { vr: 'UI', Value: [uids.series] },
    ...attributes,
  };
  return Buffer.from(dict.write());
}
