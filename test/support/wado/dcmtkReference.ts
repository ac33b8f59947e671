import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import dcmjs from 'dcmjs';

/** dcmtk's dcmdump is the independent reader these tests compare against; CI images without it skip those tests. */
export const hasDcmtk = spawnSync('dcmdump', ['--version']).status === 0;

interface DcmtkPixelData {
  /** Native Pixel Data as dcmtk holds it in memory: little endian on the test machines. */
  value?: Buffer;
  /** Encapsulated Pixel Data: the Basic Offset Table item, then one entry per fragment. */
  items?: Buffer[];
}

/** Pixel Data (7FE0,0010/0008/0009) as `dcmdump +W` writes it out; undefined when dcmtk cannot read the file. */
export function dcmtkPixelData(file: string): DcmtkPixelData | undefined {
  const dir = mkdtempSync(path.join(tmpdir(), 'wado-dcmtk-'));
  try {
    const run = spawnSync('dcmdump', ['+W', dir, '+M', '+L', file], { encoding: 'latin1' });
    if (run.status !== 0) return undefined;
    // Top-level elements are not indented; nested ones (an icon's Pixel Data) are.
    const lines = run.stdout.split('\n');
    const at = lines.findIndex((l) => /^\(7fe0,00(10|08|09)\)/.test(l));
    if (at < 0) return {};
    const written = (l: string) => /=(\S+\.raw)/.exec(l)?.[1];
    if (!lines[at]!.includes('PixelSequence')) {
      // OF and OD values are printed, not written out.
      const file = written(lines[at]!);
      return file === undefined ? {} : { value: readFileSync(file) };
    }
    const items: Buffer[] = [];
    for (const l of lines.slice(at + 1)) {
      if (!l.startsWith('  (fffe,e000)')) break;
      const file = written(l);
      items.push(file === undefined ? Buffer.alloc(0) : readFileSync(file));
    }
    return { items };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * dcmtk's decompression of an encapsulated file, frame by frame: `dcmdjpeg` (with `options`) writes
 * it native, and its Pixel Data is cut into `frames` equal frames. The reference a decoder is
 * compared with.
 */
export function dcmdjpegFrames(file: string, frames: number, options: readonly string[] = []): Buffer[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'dcmdjpeg-'));
  try {
    const plain = path.join(dir, 'plain.dcm');
    execFileSync('dcmdjpeg', [...options, '+px', file, plain]);
    const value = dcmtkPixelData(plain)?.value;
    if (value === undefined) throw new Error(`dcmtk could not decompress ${file}`);
    const frameBytes = value.length / frames;
    return Array.from({ length: frames }, (_, frame) => value.subarray(frame * frameBytes, (frame + 1) * frameBytes));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Float and Double Float Pixel Data as dcmjs reads them: the second reader for values dcmdump only prints. */
export function dcmjsPixelValue(file: string): Buffer | undefined {
  const bytes = readFileSync(file);
  const { dict } = dcmjs.data.DicomMessage.readFile(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length),
  );
  const value = (dict['7FE00008'] ?? dict['7FE00009'] ?? dict['7FE00010'])?.Value?.[0];
  return value instanceof ArrayBuffer ? Buffer.from(value) : undefined;
}
