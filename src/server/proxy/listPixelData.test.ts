import { describe, expect, it } from 'vitest';
import type { DicomJsonDataset } from '../../dicom/json';
import { listOmittedPixelData } from './listPixelData';

const BASE = 'http://gateway.test/dicomweb';
const instance = (extra: DicomJsonDataset = {}): DicomJsonDataset => ({
  '00080018': { vr: 'UI', Value: ['1.2.3.4'] },
  '0020000D': { vr: 'UI', Value: ['1.2'] },
  '0020000E': { vr: 'UI', Value: ['1.2.3'] },
  '00280010': { vr: 'US', Value: [512] },
  '00280011': { vr: 'US', Value: [512] },
  '00280100': { vr: 'US', Value: [8] },
  ...extra,
});

describe('listOmittedPixelData', () => {
  it('lists Pixel Data an image instance was served without, at the gateway', () => {
    const [dataset] = listOmittedPixelData([instance()], BASE);
    expect(dataset!['7FE00010']).toEqual({
      vr: 'OB',
      BulkDataURI: `${BASE}/studies/1.2/series/1.2.3/instances/1.2.3.4/bulk/7FE00010`,
    });
  });

  it('leaves listed pixel data, float pixel data and instances without an image module alone', () => {
    const listed = instance({ '7FE00010': { vr: 'OW', BulkDataURI: 'http://gateway.test/dicomweb/elsewhere' } });
    const float = instance({ '7FE00008': { vr: 'OF', BulkDataURI: 'x' } });
    const { '00280100': _bits, ...noBits } = instance();
    const report: DicomJsonDataset = {
      '00080018': { vr: 'UI', Value: ['1.2.3.5'] },
      '00080016': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.88.11'] },
    };
    const copies = [listed, float, noBits, report].map((dataset) => structuredClone(dataset));
    expect(listOmittedPixelData(copies, BASE)).toEqual([listed, float, noBits, report]);
  });
});
