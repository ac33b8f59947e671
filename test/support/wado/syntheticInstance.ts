import dcmjs from 'dcmjs';

interface SyntheticImage {
  rows: number;
  columns: number;
  bitsAllocated: number;
  numberOfFrames: number;
  /** The Pixel Data value as stored (OB), padded by the writer to even length. */
  pixelData: Uint8Array;
}

/** A minimal Explicit VR Little Endian Part 10 image, for layouts the corpus lacks. */
export function syntheticInstance(image: SyntheticImage): Buffer {
  const sopInstanceUID = '1.2.826.0.1.3680043.10.99.1';
  const sopClassUID = '1.2.840.10008.5.1.4.1.1.66.4';
  const meta = {
    '00020001': { vr: 'OB', Value: [new Uint8Array([0, 1]).buffer] },
    '00020002': { vr: 'UI', Value: [sopClassUID] },
    '00020003': { vr: 'UI', Value: [sopInstanceUID] },
    '00020010': { vr: 'UI', Value: ['1.2.840.10008.1.2.1'] },
    '00020012': { vr: 'UI', Value: ['1.2.826.0.1.3680043.10.99'] },
  };
  const dict = new dcmjs.data.DicomDict(meta);
  dict.dict = {
    '00080016': { vr: 'UI', Value: [sopClassUID] },
    '00080018': { vr: 'UI', Value: [sopInstanceUID] },
    '00280002': { vr: 'US', Value: [1] },
    '00280004': { vr: 'CS', Value: ['MONOCHROME2'] },
    '00280008': { vr: 'IS', Value: [String(image.numberOfFrames)] },
    '00280010': { vr: 'US', Value: [image.rows] },
    '00280011': { vr: 'US', Value: [image.columns] },
    '00280100': { vr: 'US', Value: [image.bitsAllocated] },
    '00280101': { vr: 'US', Value: [image.bitsAllocated] },
    '00280102': { vr: 'US', Value: [image.bitsAllocated - 1] },
    '00280103': { vr: 'US', Value: [0] },
    '7FE00010': { vr: 'OB', Value: [image.pixelData.slice().buffer] },
  };
  return Buffer.from(dict.write());
}
