import { once } from 'node:events';
import { createDeflateRaw } from 'node:zlib';
import dcmjs from 'dcmjs';

const DEFLATED_LE = '1.2.840.10008.1.2.1.99';

interface DeflatedImage {
  sopInstanceUID: string;
  rows: number;
  columns: number;
  numberOfFrames: number;
  /** Frame n (1-based), Rows × Columns bytes of 8-bit monochrome. */
  frame(n: number): Uint8Array;
}

/**
 * A Deflated Explicit VR Little Endian Part 10 image (PS3.5 A.5), deflated as a stream, so a
 * data set of hundreds of MiB (a deflate bomb of zeros) is built without ever being in memory.
 */
export async function deflatedInstance(image: DeflatedImage): Promise<Buffer> {
  const sopClassUID = '1.2.840.10008.5.1.4.1.1.7';
  const meta = new dcmjs.data.DicomDict({
    '00020001': { vr: 'OB', Value: [new Uint8Array([0, 1]).buffer] },
    '00020002': { vr: 'UI', Value: [sopClassUID] },
    '00020003': { vr: 'UI', Value: [image.sopInstanceUID] },
    '00020010': { vr: 'UI', Value: [DEFLATED_LE] },
    '00020012': { vr: 'UI', Value: ['1.2.826.0.1.3680043.10.99'] },
  });
  const pixelLength = image.rows * image.columns * image.numberOfFrames;
  const header = Buffer.concat([
    short(0x0008, 0x0016, 'UI', text(sopClassUID, 0)),
    short(0x0008, 0x0018, 'UI', text(image.sopInstanceUID, 0)),
    short(0x0008, 0x0060, 'CS', text('OT', 0x20)),
    short(0x0010, 0x0020, 'LO', text('BOMB-TEST', 0x20)),
    short(0x0020, 0x000d, 'UI', text(`${image.sopInstanceUID}.1`, 0)),
    short(0x0020, 0x000e, 'UI', text(`${image.sopInstanceUID}.2`, 0)),
    short(0x0020, 0x0011, 'IS', text('1', 0x20)),
    short(0x0020, 0x0013, 'IS', text('1', 0x20)),
    short(0x0028, 0x0002, 'US', uint16(1)),
    short(0x0028, 0x0004, 'CS', text('MONOCHROME2', 0x20)),
    short(0x0028, 0x0008, 'IS', text(String(image.numberOfFrames), 0x20)),
    short(0x0028, 0x0010, 'US', uint16(image.rows)),
    short(0x0028, 0x0011, 'US', uint16(image.columns)),
    short(0x0028, 0x0100, 'US', uint16(8)),
    short(0x0028, 0x0101, 'US', uint16(8)),
    short(0x0028, 0x0102, 'US', uint16(7)),
    short(0x0028, 0x0103, 'US', uint16(0)),
    pixelDataHeader(pixelLength),
  ]);
  const deflate = createDeflateRaw();
  const out: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => out.push(chunk));
  const write = async (chunk: Uint8Array) => {
    if (!deflate.write(chunk)) await once(deflate, 'drain');
  };
  await write(header);
  for (let n = 1; n <= image.numberOfFrames; n++) await write(image.frame(n));
  if (pixelLength % 2 === 1) await write(new Uint8Array(1));
  deflate.end();
  await once(deflate, 'end');
  return Buffer.concat([Buffer.from(meta.write()), ...out]);
}

function short(group: number, element: number, vr: string, value: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt16LE(group, 0);
  head.writeUInt16LE(element, 2);
  head.write(vr, 4, 'latin1');
  head.writeUInt16LE(value.length, 6);
  return Buffer.concat([head, value]);
}

function pixelDataHeader(length: number): Buffer {
  const head = Buffer.alloc(12);
  head.writeUInt16LE(0x7fe0, 0);
  head.writeUInt16LE(0x0010, 2);
  head.write('OB', 4, 'latin1');
  head.writeUInt32LE(length + (length % 2), 8);
  return head;
}

function text(value: string, pad: number): Buffer {
  const bytes = Buffer.from(value, 'latin1');
  return bytes.length % 2 === 0 ? bytes : Buffer.concat([bytes, Buffer.from([pad])]);
}

function uint16(value: number): Buffer {
  const bytes = Buffer.alloc(2);
  bytes.writeUInt16LE(value, 0);
  return bytes;
}
