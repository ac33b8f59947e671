import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusDir, manifest, type ManifestEntry } from '../../../../test/support/corpus';
import { frameBits } from '../../../dicom/pixel/nativeFrame';
import { memorySource } from './byteSource';
import { parsePart10 } from './dicomParser';
import { readFrame } from './frameReader';
import { pixelLayout, type PixelLayout } from './pixelLayout';
import { dcmjsPixelValue, dcmtkPixelData, hasDcmtk } from '../../../../test/support/wado/dcmtkReference';
import { parseableBytes } from '../../../../test/support/wado/parseableBytes';
import { syntheticInstance } from '../../../../test/support/wado/syntheticInstance';

const corpus = (relative: string) => path.join(corpusDir, relative);

async function load(file: string, fallbackTransferSyntax = '1.2.840.10008.1.2') {
  const parsed = parsePart10(await parseableBytes(file), fallbackTransferSyntax);
  return { layout: pixelLayout(parsed), source: memorySource(parsed.dataSet.byteArray) };
}

async function allFrames(
  layout: PixelLayout,
  source: ReturnType<typeof memorySource>,
  decode = false,
): Promise<Uint8Array[]> {
  const frames: Uint8Array[] = [];
  for (let n = 1; n <= layout.numberOfFrames; n++) frames.push(await readFrame(layout, n, source, decode));
  return frames;
}

const hex = (bytes: Uint8Array, from: number, to: number) => Buffer.from(bytes.subarray(from, to)).toString('hex');

/** Every image file with pixel data: all transfer syntaxes, multi-frame kinds, bit depths 1 to 64. */
const imageEntries: ManifestEntry[] = manifest.entries.filter(
  (e) =>
    e.type === 'file' &&
    (e.path.startsWith('syntaxes/') ||
      /^kinds\/(multiframe|sm|seg|bitdepth|float|color|palette|monochrome1|pet-nm|overlay|large|rt\/rtdose)/.test(
        e.path,
      ) ||
      e.path.includes('/seg-')),
);

describe.skipIf(!hasDcmtk)('frames agree with dcmtk on every transfer syntax', () => {
  it('covers the corpus', () => {
    expect(imageEntries.length).toBeGreaterThan(80);
    // The 18 syntaxes the corpus README lists, Explicit VR Big Endian and both deflated kinds among them.
    expect(new Set(imageEntries.map((e) => e.transferSyntaxUID)).size).toBeGreaterThanOrEqual(18);
  });

  for (const entry of imageEntries) {
    it(entry.path, async () => {
      const file = corpus(entry.path);
      // Files without File Meta have a null syntax in the manifest: Implicit VR Little Endian then.
      const { layout, source } = await load(file, entry.transferSyntaxUID ?? undefined);
      expect(layout.numberOfFrames).toBe(Number.isInteger(entry.frames) ? entry.frames : 1);
      const frames = await allFrames(layout, source);
      const reference = dcmtkPixelData(file);

      if (layout.native) {
        // dcmtk holds native values in machine (little endian) order: the byte order WADO-RS serves.
        const value = reference?.value ?? dcmjsPixelValue(file);
        const size = Math.ceil(frameBits(layout.geometry) / 8);
        expect(frameBits(layout.geometry) % 8).toBe(0);
        frames.forEach((frame, i) => expect(Buffer.compare(frame, value!.subarray(i * size, (i + 1) * size))).toBe(0));
        return;
      }
      // dcmtk refuses a few files (e.g. a broken item delimiter in a private sequence); dicom-parser's fragments stand in.
      const fragments = reference?.items?.slice(1) ?? parserFragments(file, entry.transferSyntaxUID);
      expect(Buffer.compare(Buffer.concat(frames), Buffer.concat(fragments))).toBe(0);
      if (layout.numberOfFrames === fragments.length)
        frames.forEach((frame, i) => expect(Buffer.compare(frame, fragments[i]!)).toBe(0));
      for (const frame of frames) expectCodestreamStart(layout, frame);
    });
  }
});

function parserFragments(file: string, transferSyntax: string | undefined): Buffer[] {
  const { dataSet } = parsePart10(readFileSync(file), transferSyntax ?? '1.2.840.10008.1.2');
  const fragments = dataSet.elements.x7fe00010?.fragments ?? [];
  return fragments.map((f) => Buffer.from(dataSet.byteArray.subarray(f.position, f.position + f.length)));
}

function expectCodestreamStart(layout: PixelLayout, frame: Uint8Array): void {
  switch (layout.transferSyntax.encoding) {
    case 'jpeg':
    case 'jpegLs':
      return expect(hex(frame, 0, 3)).toBe('ffd8ff');
    case 'jpeg2000':
    case 'htj2k':
      // A raw codestream (SOC, SIZ) or, from some writers, a JP2 file (signature box).
      return expect(['ff4fff51', '0000000c']).toContain(hex(frame, 0, 4));
    case 'rle': {
      // PS3.5 G.5: the RLE header: segment count (1 to 15), first segment right after the 64-byte header.
      const view = new DataView(frame.buffer, frame.byteOffset, 8);
      expect(view.getUint32(0, true)).toBeGreaterThanOrEqual(1);
      expect(view.getUint32(0, true)).toBeLessThanOrEqual(15);
      return expect(view.getUint32(4, true)).toBe(64);
    }
    default:
      return undefined;
  }
}

describe('lossless encodings of one image agree (the *__ct-cs3d family)', () => {
  it('Implicit LE, Explicit BE and Deflated give the Explicit LE frame byte for byte', async () => {
    const reference = await load(corpus('syntaxes/evrle__ct-cs3d.dcm'));
    const explicit = await allFrames(reference.layout, reference.source);
    expect(explicit[0]!.length).toBe(512 * 512 * 2);
    for (const name of ['ivrle', 'evrbe', 'deflated']) {
      const { layout, source } = await load(corpus(`syntaxes/${name}__ct-cs3d.dcm`));
      const [frame] = await allFrames(layout, source);
      expect(Buffer.compare(frame!, explicit[0]!), name).toBe(0);
    }
  });

  it('big endian MR equals its implicit little endian twin', async () => {
    const big = await load(corpus('syntaxes/evrbe__mr-small.dcm'));
    const little = await load(corpus('syntaxes/ivrle__mr-small.dcm'));
    expect(big.layout.native?.wordSize).toBe(2);
    const [a] = await allFrames(big.layout, big.source);
    const [b] = await allFrames(little.layout, little.source);
    expect(Buffer.compare(a!, b!)).toBe(0);
  });
});

describe('Deflated Image Frame Compression (1.2.840.10008.1.2.8.1)', () => {
  it('serves frames as stored, or inflated to the Explicit LE frames of the same segmentation', async () => {
    const deflated = await load(corpus('syntaxes/deflated-image-frame__seg-liver.dcm'));
    const reference = await load(corpus('series/ct-liver-3slice-with-seg/seg-liver.dcm'));
    const stored = await allFrames(deflated.layout, deflated.source);
    const inflated = await allFrames(deflated.layout, deflated.source, true);
    const expected = await allFrames(reference.layout, reference.source);
    expect(stored.map((f) => f.length)).toEqual([974, 964, 938]);
    expect(inflated.length).toBe(3);
    inflated.forEach((frame, i) => expect(Buffer.compare(frame, expected[i]!)).toBe(0));
  });
});

describe('encapsulated layouts without a usable offset table', () => {
  it('groups 11 fragments into 2 JPEG frames by their markers', async () => {
    const { layout, source } = await load(corpus('syntaxes/jpeg-extended__ct-fragmented-no-bot.dcm'));
    expect(layout.frames).toHaveLength(2);
    expect(layout.frames!.flat()).toHaveLength(11);
    const frames = await allFrames(layout, source);
    for (const frame of frames) {
      expect(hex(frame, 0, 3)).toBe('ffd8ff');
      // Ends with EOI, maybe followed by the pad byte of an odd-length codestream.
      expect(
        hex(frame, frame.length - 2, frame.length) === 'ffd9' ||
          hex(frame, frame.length - 3, frame.length) === 'ffd900',
      ).toBe(true);
    }
  });

  it('ignores a Basic Offset Table that points past the data (140 tiles, one fragment each)', async () => {
    const bad = await load(corpus('malformed/derived-bad-basic-offset-table__sm-140frames.dcm'));
    const good = await load(corpus('kinds/multiframe/sm-wsi-140frames-jpeg.dcm'));
    const [a, b] = [await allFrames(bad.layout, bad.source), await allFrames(good.layout, good.source)];
    expect(a.length).toBe(140);
    a.forEach((frame, i) => expect(Buffer.compare(frame, b[i]!)).toBe(0));
  });

  it('puts every fragment of a single-frame image into frame 1', async () => {
    const { layout } = await load(corpus('syntaxes/j2k-lossless__mr2-wg04-1024.dcm'));
    expect(layout.frames).toHaveLength(1);
    expect(layout.frames![0]).toHaveLength(9);
  });
});

describe('1-bit frames that do not start on a byte boundary (PS3.5 8.1.1)', () => {
  it('cuts each 3x3 frame out of the packed bit stream', async () => {
    // Frame f (0-based) has pixels f and 8 - f set; five frames take 45 bits.
    const packed = new Uint8Array(6);
    const set = (bit: number) => (packed[bit >> 3]! |= 1 << (bit & 7));
    for (let f = 0; f < 5; f++) [f, 8 - f].forEach((pixel) => set(f * 9 + pixel));
    const file = syntheticInstance({ rows: 3, columns: 3, bitsAllocated: 1, numberOfFrames: 5, pixelData: packed });
    const parsed = parsePart10(file, '1.2.840.10008.1.2.1');
    const layout = pixelLayout(parsed);
    const frames = await allFrames(layout, memorySource(parsed.dataSet.byteArray));
    frames.forEach((frame, f) => {
      expect(frame.length).toBe(2);
      const bits = Array.from({ length: 16 }, (_, i) => (frame[i >> 3]! >> (i & 7)) & 1);
      expect(bits).toEqual(Array.from({ length: 16 }, (_, i) => (i === f || i === 8 - f ? 1 : 0)));
    });
  });

  it('refuses a frame that lies beyond the stored value', async () => {
    const file = syntheticInstance({
      rows: 4,
      columns: 4,
      bitsAllocated: 8,
      numberOfFrames: 3,
      pixelData: new Uint8Array(40),
    });
    const parsed = parsePart10(file, '1.2.840.10008.1.2.1');
    const layout = pixelLayout(parsed);
    const source = memorySource(parsed.dataSet.byteArray);
    expect((await readFrame(layout, 2, source, false)).length).toBe(16);
    await expect(readFrame(layout, 3, source, false)).rejects.toMatchObject({
      status: 500,
      code: 'INSTANCE_UNREADABLE',
    });
    await expect(readFrame(layout, 4, source, false)).rejects.toMatchObject({
      status: 400,
      code: 'FRAME_OUT_OF_RANGE',
    });
  });
});
