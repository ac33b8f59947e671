import { describe, expect, it } from 'vitest';
import type { DicomJsonDataset } from '../../dicom/json';
import { paletteColour } from './paletteColour';

const frame = (values: number[]) => ({
  width: values.length,
  height: 1,
  samplesPerPixel: 1,
  photometric: 'PALETTE COLOR',
  samples: Int32Array.from(values),
});

/** One palette for all three channels: `entries` 16-bit words, the first mapped to `first`. */
function palette(entries: number[], first: number, extra: DicomJsonDataset = {}): DicomJsonDataset {
  const words = Buffer.alloc(entries.length * 2);
  entries.forEach((value, i) => words.writeUInt16LE(value, i * 2));
  const dataset: DicomJsonDataset = { ...extra };
  for (const channel of ['1', '2', '3']) {
    dataset[`0028110${channel}`] = { vr: 'US', Value: [entries.length, first, 16] };
    dataset[`0028120${channel}`] = { vr: 'OW', InlineBinary: words.toString('base64') };
  }
  return dataset;
}

describe('paletteColour: PS3.3 C.7.6.3.1.5', () => {
  it('maps values through the table, those outside it to its first or last entry', () => {
    const rgb = paletteColour(frame([9, 10, 11, 12, 13]), palette([0x1000, 0x8000, 0xff00], 10));
    expect(Array.from(rgb.filter((_, i) => i % 3 === 0))).toEqual([0x10, 0x10, 0x80, 0xff, 0xff]);
  });

  it('reads a signed First Value Mapped that JSON gives unsigned', () => {
    const signed = palette([0x1000, 0x8000], 65535, { '00280103': { vr: 'US', Value: [1] } });
    expect(Array.from(paletteColour(frame([-1, 0]), signed).filter((_, i) => i % 3 === 0))).toEqual([0x10, 0x80]);
  });

  it('refuses, saying why, a palette it cannot read', () => {
    const bulk = palette([0, 1], 0);
    bulk['00281201'] = { vr: 'OW', BulkDataURI: 'bulk/00281201' };
    expect(() => paletteColour(frame([0]), bulk)).toThrow('its colour palette is not in the metadata');
    const short = palette([0, 1], 0);
    short['00281101'] = { vr: 'US', Value: [4, 0, 16] };
    expect(() => paletteColour(frame([0]), short)).toThrow('shorter than its descriptor');
    expect(() => paletteColour(frame([0]), { ...palette([0], 0), '00281222': { vr: 'OW' } })).toThrow('segmented');
  });
});
