import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusDir } from '../../../test/support/corpus';
import { dcmtkPixelData, hasDcmtk } from '../../../test/support/wado/dcmtkReference';
import { prepareFrame, type PixelLayout } from './frameDecoder';
import { interleavePlanes } from './planes';
import { decodeRle } from '../../dicom/pixel/rle';

const require = createRequire(import.meta.url);
const scratch = mkdtempSync(path.join(tmpdir(), 'decode-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const syntaxFile = (name: string) => path.join(corpusDir, 'syntaxes', name);

/** A frame as stored: a single-frame file's fragments joined, else fragment n (one per frame in these files). */
function encodedFrame(file: string, frame?: number): Uint8Array {
  const fragments = dcmtkPixelData(file)!.items!.slice(1);
  return new Uint8Array(frame === undefined ? Buffer.concat(fragments) : fragments[frame]!);
}

/** dcmtk's decompressed Pixel Data: the reference. */
function dcmtkDecoded(file: string, tool: string): Buffer {
  const out = path.join(scratch, `${path.basename(file)}.${tool}.dcm`);
  expect(spawnSync(tool, [file, out]).status).toBe(0);
  return dcmtkPixelData(out)!.value!;
}

const layout = (overrides: Partial<PixelLayout>): PixelLayout => ({
  rows: 256,
  columns: 256,
  samplesPerPixel: 3,
  bitsAllocated: 8,
  bitsStored: 8,
  photometricInterpretation: 'RGB',
  lossy: false,
  ...overrides,
});

function meanAbsoluteDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

interface WasmDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  decode(): void;
  getDecodedBuffer(): Uint8Array;
}
async function cornerstoneCodec(module: string, name: string, stream: Uint8Array): Promise<Uint8Array> {
  const factory = require(module) as () => Promise<Record<string, new () => WasmDecoder>>;
  const decoder = new (await factory())[name]!();
  decoder.getEncodedBuffer(stream.length).set(stream);
  decoder.decode();
  return decoder.getDecodedBuffer().slice();
}

describe.skipIf(!hasDcmtk)('prepareFrame on corpus frames, against dcmtk', () => {
  it('decodes 12-bit JPEG Extended at full precision', () => {
    for (const [name, rows, columns, bitsStored, tolerance] of [
      ['jpeg-extended__nm-12bit.dcm', 1024, 256, 12, 0.6],
      ['jpeg-extended__cr-12bit-2140x1760.dcm', 2140, 1760, 10, 0.6],
    ] as const) {
      const file = syntaxFile(name);
      const prepared = prepareFrame(
        encodedFrame(file),
        '1.2.840.10008.1.2.4.51',
        layout({
          rows,
          columns,
          samplesPerPixel: 1,
          bitsAllocated: 16,
          bitsStored,
          photometricInterpretation: 'MONOCHROME2',
          lossy: true,
        }),
      );
      expect(prepared.transferSyntaxUID).toBe('1.2.840.10008.1.2.1');
      const ours = new Uint16Array(prepared.bytes.slice().buffer);
      const reference = dcmtkDecoded(file, 'dcmdjpeg');
      const theirs = new Uint16Array(reference.buffer, reference.byteOffset, reference.length / 2);
      // Two IDCT implementations may round a sample differently by one level, never more on average.
      expect(meanAbsoluteDifference(ours, theirs), name).toBeLessThan(tolerance);
    }
  });

  it('decodes RLE colour of 16 and 32 bits exactly', () => {
    for (const [name, bitsAllocated, frames] of [
      ['rle__sc-rgb-16bit-2frame.dcm', 16, 2],
      ['rle__sc-rgb-32bit.dcm', 32, 1],
    ] as const) {
      const file = syntaxFile(name);
      const reference = dcmtkDecoded(file, 'dcmdrle');
      const frameBytes = 100 * 100 * 3 * (bitsAllocated / 8);
      for (let frame = 0; frame < frames; frame++) {
        const prepared = prepareFrame(
          encodedFrame(file, frame),
          '1.2.840.10008.1.2.5',
          layout({ rows: 100, columns: 100, bitsAllocated, bitsStored: bitsAllocated }),
        );
        expect(
          Buffer.from(prepared.bytes).equals(reference.subarray(frame * frameBytes, (frame + 1) * frameBytes)),
        ).toBe(true);
      }
    }
  });

  it('marks JPEG-LS colour coded plane by plane, and interleaving the decoded planes gives dcmtk pixels', async () => {
    for (const name of ['jpeg-ls-lossless__rgb-ilv0.dcm', 'jpeg-ls-near-lossless__rgb-ilv0.dcm']) {
      const file = syntaxFile(name);
      const syntax = name.includes('near') ? '1.2.840.10008.1.2.4.81' : '1.2.840.10008.1.2.4.80';
      const prepared = prepareFrame(encodedFrame(file), syntax, layout({}));
      expect(prepared.planar).toBe(true);
      const decoded = await cornerstoneCodec(
        '@cornerstonejs/codec-charls/decodewasmjs',
        'JpegLSDecoder',
        prepared.bytes,
      );
      expect(meanAbsoluteDifference(interleavePlanes(decoded, 3), dcmtkDecoded(file, 'dcmdjpls'))).toBe(0);
    }
  });

  it('keeps the samples of an RGB JPEG without a colour marker as RGB', async () => {
    const file = syntaxFile('jpeg-baseline__sm-tile-rgb-no-app14.dcm');
    const encoded = encodedFrame(file);
    const prepared = prepareFrame(encoded, '1.2.840.10008.1.2.4.50', layout({ lossy: true }));
    const module = '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs';
    const reference = dcmtkDecoded(file, 'dcmdjpeg');
    const repaired = await cornerstoneCodec(module, 'JPEGDecoder', prepared.bytes);
    const unrepaired = await cornerstoneCodec(module, 'JPEGDecoder', encoded);
    expect(meanAbsoluteDifference(repaired, reference)).toBeLessThan(1);
    expect(meanAbsoluteDifference(unrepaired, reference)).toBeGreaterThan(10);
  });

  it('passes other frames through unchanged', () => {
    const encoded = Uint8Array.from([0xff, 0xd8, 0xff, 0xd9]);
    const prepared = prepareFrame(encoded, '1.2.840.10008.1.2.4.90', layout({}));
    expect(prepared).toEqual({ transferSyntaxUID: '1.2.840.10008.1.2.4.90', bytes: encoded, planar: false });
  });
});

describe('decodeRle', () => {
  it('reads the most significant byte segment first (PS3.5 G.2) into little-endian samples', () => {
    // Two 16-bit pixels 0x1234 and 0x5678, each segment one literal run: high bytes, then low bytes.
    const header = new DataView(new ArrayBuffer(64));
    header.setUint32(0, 2, true);
    header.setUint32(4, 64, true);
    header.setUint32(8, 67, true);
    const frame = Uint8Array.from([...new Uint8Array(header.buffer), 0x01, 0x12, 0x56, 0x01, 0x34, 0x78]);
    const decoded = decodeRle(frame, { rows: 1, columns: 2, samplesPerPixel: 1, bitsAllocated: 16 });
    expect([...decoded]).toEqual([0x34, 0x12, 0x78, 0x56]);
  });

  it('refuses a frame whose segment count does not fit its layout', () => {
    const header = new DataView(new ArrayBuffer(64));
    header.setUint32(0, 1, true);
    expect(() =>
      decodeRle(new Uint8Array(header.buffer), { rows: 1, columns: 1, samplesPerPixel: 3, bitsAllocated: 16 }),
    ).toThrow('RLE frame has 1 segments; 3 samples of 16 bits need 6');
  });
});
