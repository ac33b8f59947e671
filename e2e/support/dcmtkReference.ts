import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { rangeToWindow, type VoiWindow } from '../../src/dicom/voi';
import { parsePnm, type Bitmap } from './bitmap';

const run = promisify(execFile);
const JPEG_LS = new Set(['1.2.840.10008.1.2.4.80', '1.2.840.10008.1.2.4.81']);

export interface ReferenceImage {
  bitmap: Bitmap;
  /** The window applied (greyscale): the image's whole modality value range. */
  window?: VoiWindow;
}

/**
 * dcmtk's rendering of frame 1 (dcmj2pnm, dcmtk 3.6.7): native, deflated and big-endian data, JPEG
 * baseline/extended/lossless and RLE directly; JPEG-LS after dcmdjpls. Greyscale images get the
 * window spanning the modality value range dcmtk reports (-im), applied with +Ww (VOI LINEAR,
 * PS3.3 C.11.2.1.2, then the presentation LUT: MONOCHROME1 comes out inverted); colour images have
 * no VOI. Undefined when dcmtk cannot read the file.
 */
export async function dcmtkImage(
  file: string,
  transferSyntax: string | undefined,
): Promise<ReferenceImage | undefined> {
  const dir = await mkdtemp(path.join(tmpdir(), 'secondread-dcmtk-'));
  try {
    let input = file;
    if (transferSyntax && JPEG_LS.has(transferSyntax)) {
      input = path.join(dir, 'decoded.dcm');
      await run('dcmdjpls', [file, input]);
    }
    const info = await run('dcmj2pnm', ['-v', '-im', '-o', input]).catch(() => undefined);
    if (!info) return undefined;
    const text = info.stdout + info.stderr;
    const max = /maximum pixel value : (-?[\d.e+]+)/.exec(text)?.[1];
    const min = /minimum pixel value : (-?[\d.e+]+)/.exec(text)?.[1];
    const output = path.join(dir, 'out.pnm');
    const window =
      min !== undefined && max !== undefined ? rangeToWindow({ lower: Number(min), upper: Number(max) }) : undefined;
    const windowArgs = window ? ['+Ww', String(window.center), String(window.width)] : [];
    await run('dcmj2pnm', [...windowArgs, '+op', input, output]);
    const bitmap = parsePnm(new Uint8Array(await readFile(output)));
    return { bitmap, ...(window && bitmap.channels === 1 && { window }) };
  } catch {
    return undefined;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
