import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusDir, manifest } from '../../../test/support/corpus';
import { manifestPixelAttributes } from '../../../test/support/manifestPixels';
import { dcmdjpegFrames, dcmtkPixelData, hasDcmtk } from '../../../test/support/wado/dcmtkReference';
import { decodeFrame } from './decodeFrame';

/**
 * Every JPEG Lossless frame of the corpus decodes to exactly the samples dcmtk's dcmdjpeg (libijg,
 * an independent decoder) writes for the same file, read back through the native path.
 */
const LOSSLESS = ['1.2.840.10008.1.2.4.57', '1.2.840.10008.1.2.4.70'];
/** The one malformed/ JPEG Lossless file whose pixels are readable: pylibjpeg-data flags it, dcmtk decodes it. */
const READABLE_MALFORMED = 'malformed/jpeg-lossless-signed-bad__ct.dcm';
const entries = manifest.entries.filter(
  (e) =>
    e.type === 'file' &&
    LOSSLESS.includes(e.transferSyntaxUID ?? '') &&
    (!e.path.startsWith('malformed/') || e.path === READABLE_MALFORMED),
);

/** Each frame's codestream: all fragments for a single frame, else one fragment per frame. */
function frameCodestreams(fragments: Buffer[], frames: number): Buffer[] {
  if (frames === 1) return [Buffer.concat(fragments)];
  expect(fragments.length).toBe(frames);
  return fragments;
}

describe.skipIf(!hasDcmtk)('JPEG Lossless frames decode to the samples dcmtk decodes', () => {
  it('finds the corpus files', () => {
    expect(entries.map((e) => e.path)).toEqual(
      expect.arrayContaining([
        'syntaxes/jpeg-lossless-sv1__ct-cs3d.dcm',
        'syntaxes/jpeg-lossless-p14__mr-1024-12bit.dcm',
        'syntaxes/jpeg-lossless-sv1__nm-wg04-signed.dcm',
        'syntaxes/jpeg-lossless-sv1__us-8bit.dcm',
        'syntaxes/jpeg-lossless-sv1__testpattern-rgb.dcm',
        'kinds/large/mg-3062x2394-jpeg-lossless.dcm',
        READABLE_MALFORMED,
      ]),
    );
  });

  it.each(entries.map((e) => [e.path, e] as const))('%s', { timeout: 30_000 }, async (file, entry) => {
    const input = path.join(corpusDir, file);
    const items = dcmtkPixelData(input)?.items;
    if (items === undefined) throw new Error(`dcmtk could not read ${file}`);
    const attributes = manifestPixelAttributes(entry);
    const frames = entry.frames ?? 1;
    const reference = dcmdjpegFrames(input, frames);
    const codestreams = frameCodestreams(items.slice(1), frames);
    for (let frame = 0; frame < frames; frame++) {
      const decoded = await decodeFrame(codestreams[frame]!, entry.transferSyntaxUID!, attributes);
      const expected = await decodeFrame(reference[frame]!, '1.2.840.10008.1.2.1', attributes);
      expect([decoded.width, decoded.height, decoded.samplesPerPixel]).toEqual([
        attributes.columns,
        attributes.rows,
        attributes.samplesPerPixel,
      ]);
      expect(decoded.samples.length).toBe(expected.samples.length);
      // toEqual on millions of samples reports slowly; the first difference says enough.
      const at = decoded.samples.findIndex((value, i) => value !== expected.samples[i]);
      expect(at, `first differing sample of frame ${frame + 1}`).toBe(-1);
    }
  });
});

describe('a JPEG Lossless frame that cannot be read', () => {
  const file = 'syntaxes/jpeg-lossless-sv1__us-8bit.dcm';
  const entry = entries.find((e) => e.path === file)!;

  it.skipIf(!hasDcmtk)('is refused with what is wrong, not thrown as a crash', async () => {
    const codestream = dcmtkPixelData(path.join(corpusDir, file))!.items![1]!;
    const attributes = manifestPixelAttributes(entry);
    const truncated = codestream.subarray(0, codestream.length >> 1);
    await expect(decodeFrame(truncated, entry.transferSyntaxUID!, attributes)).rejects.toMatchObject({
      status: 406,
      message: expect.stringMatching(/^This image cannot be rendered: /),
    });
    await expect(
      decodeFrame(codestream, entry.transferSyntaxUID!, { ...attributes, rows: attributes.rows + 1 }),
    ).rejects.toMatchObject({ status: 406, message: expect.stringContaining('rows, columns') });
    await expect(decodeFrame(Buffer.from('not a JPEG'), entry.transferSyntaxUID!, attributes)).rejects.toMatchObject({
      status: 406,
    });
  });
});
