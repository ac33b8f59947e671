import { firstNumber, type DicomJsonDataset } from '../../dicom/json';
import { cannotRender, type DecodedFrame } from './decodeFrame';

/** Red, green, blue: Palette Color Lookup Table Descriptor and Data (PS3.3 C.7.6.3.1.5, C.7.6.3.1.6). */
const CHANNELS = [
  { descriptor: '00281101', data: '00281201', segmented: '00281221' },
  { descriptor: '00281102', data: '00281202', segmented: '00281222' },
  { descriptor: '00281103', data: '00281203', segmented: '00281223' },
] as const;

/**
 * A PALETTE COLOR frame's RGB pixels, 8 bits a sample. Values below the first mapped take the
 * first entry and those past the last the last entry (C.7.6.3.1.5); 16-bit entries keep their
 * high byte, as a display would.
 */
export function paletteColour({ width, height, samples }: DecodedFrame, dataset: DicomJsonDataset): Uint8Array {
  const signed = firstNumber(dataset, '00280103') === 1;
  const data = new Uint8Array(width * height * 3);
  CHANNELS.forEach((channel, offset) => {
    const { firstMapped, table } = paletteTable(dataset, channel, signed);
    const last = table.length - 1;
    for (let p = 0; p < samples.length; p++) {
      const index = Math.min(last, Math.max(0, samples[p]! - firstMapped));
      data[p * 3 + offset] = table[index]!;
    }
  });
  return data;
}

function paletteTable(
  dataset: DicomJsonDataset,
  channel: (typeof CHANNELS)[number],
  signed: boolean,
): { firstMapped: number; table: Uint8Array } {
  if (dataset[channel.segmented] !== undefined)
    throw cannotRender('its segmented colour palette is not supported here');
  const descriptor = dataset[channel.descriptor]?.Value;
  const base64 = dataset[channel.data]?.InlineBinary;
  if (descriptor?.length !== 3 || descriptor.some((value) => typeof value !== 'number')) {
    throw cannotRender('its colour palette has no valid descriptor');
  }
  // Larger tables come as bulk data, which the metadata does not carry inline.
  if (base64 === undefined) throw cannotRender('its colour palette is not in the metadata');
  const [count, first, bits] = descriptor as number[];
  const entries = count === 0 ? 65536 : count!;
  // First Value Mapped is SS for signed pixels, though JSON from a US-typed descriptor gives it unsigned (C.7.6.3.1.5).
  const firstMapped = signed && first! > 32767 ? first! - 65536 : first!;
  const bytes = Buffer.from(base64, 'base64');
  const table = new Uint8Array(entries);
  if (bits === 8 && bytes.length === entries) {
    // 8-bit entries packed one a byte, as some writers store them in the OW value.
    table.set(bytes);
  } else if (bytes.length >= entries * 2) {
    const shift = bits === 8 ? 0 : 8;
    for (let i = 0; i < entries; i++) table[i] = Math.min(255, bytes.readUInt16LE(i * 2) >> shift);
  } else {
    throw cannotRender('its colour palette is shorter than its descriptor says');
  }
  return { firstMapped, table };
}
