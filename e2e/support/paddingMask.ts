import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import dicomParser from 'dicom-parser';
import { firstNumber, firstString } from '../../src/dicom/json';
import { part10ToJson } from '../../src/dicom/part10Json';
import type { Bitmap } from './bitmap';

const run = promisify(execFile);

/** dcmtk's tool that writes a frame's stored values uncompressed, by the file's transfer syntax. */
function decompressor(transferSyntaxUID: string): string | undefined {
  if (/^1\.2\.840\.10008\.1\.2\.4\.(5\d|6\d|70)$/.test(transferSyntaxUID)) return 'dcmdjpeg';
  if (/^1\.2\.840\.10008\.1\.2\.4\.8[01]$/.test(transferSyntaxUID)) return 'dcmdjpls';
  if (transferSyntaxUID === '1.2.840.10008.1.2.5') return 'dcmdrle';
  if (/^1\.2\.840\.10008\.1\.2(\.1|\.1\.99|\.2)?$/.test(transferSyntaxUID)) return 'dcmconv';
  return undefined;
}

/** Frame 1's stored values, read from dcmtk's uncompressed Explicit VR Little Endian copy. */
async function storedValues(file: string, transferSyntaxUID: string): Promise<Int32Array | undefined> {
  const tool = decompressor(transferSyntaxUID);
  if (!tool) return undefined;
  const dir = await mkdtemp(path.join(tmpdir(), 'secondread-padding-'));
  try {
    const native = path.join(dir, 'native.dcm');
    await run(tool, [...(tool === 'dcmconv' ? ['+te'] : []), file, native]);
    const bytes = new Uint8Array(await readFile(native));
    const dataSet = dicomParser.parseDicom(bytes);
    const count = (dataSet.uint16('x00280010') ?? 0) * (dataSet.uint16('x00280011') ?? 0);
    const element = dataSet.elements.x7fe00010;
    if (!element || (dataSet.uint16('x00280002') ?? 1) !== 1) return undefined;
    const signed = dataSet.uint16('x00280103') === 1;
    const view = new DataView(bytes.buffer, bytes.byteOffset + element.dataOffset);
    const values = new Int32Array(count);
    const wide = dataSet.uint16('x00280100') === 16;
    for (let i = 0; i < count; i++)
      values[i] = wide
        ? signed
          ? view.getInt16(i * 2, true)
          : view.getUint16(i * 2, true)
        : signed
          ? view.getInt8(i)
          : view.getUint8(i);
    return values;
  } catch {
    return undefined;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The reference as the viewer must show pixel padding: background, whatever the window (PS3.3
 * C.7.5.1.1.2). dcmtk windows padding like any value, so the pixels whose stored value lies between
 * Pixel Padding Value (0028,0120) and Pixel Padding Range Limit (0028,0121) are set to black, or
 * white where the image shows inverted. The reference is returned unchanged for files without
 * padding, and where dcmtk cannot give the stored values (JPEG 2000).
 */
export async function withPaddingAsBackground(file: string, reference: Bitmap): Promise<Bitmap> {
  const { dataset, transferSyntaxUID } = part10ToJson(new Uint8Array(await readFile(file)));
  const padding = firstNumber(dataset, '00280120');
  if (padding === undefined || reference.channels !== 1) return reference;
  // Written as US where the pixels are signed: the same bits, read as signed.
  const bits = firstNumber(dataset, '00280100') ?? 16;
  const signed = firstNumber(dataset, '00280103') === 1;
  const asStored = (value: number) => (signed && value >= 2 ** (bits - 1) ? value - 2 ** bits : value);
  const limit = asStored(firstNumber(dataset, '00280121') ?? padding);
  const [low, high] = [Math.min(asStored(padding), limit), Math.max(asStored(padding), limit)];
  const values = await storedValues(file, transferSyntaxUID);
  if (!values || values.length !== reference.width * reference.height) return reference;
  const photometric = firstString(dataset, '00280004')?.trim();
  const inverse = firstString(dataset, '20500020')?.trim() === 'INVERSE';
  const background = photometric === 'MONOCHROME1' || (photometric === 'MONOCHROME2' && inverse) ? 255 : 0;
  const data = reference.data.slice();
  for (let i = 0; i < values.length; i++) if (values[i]! >= low && values[i]! <= high) data[i] = background;
  return { ...reference, data };
}
