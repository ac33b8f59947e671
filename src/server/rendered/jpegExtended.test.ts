import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusDir, manifest } from '../../../test/support/corpus';
import { manifestPixelAttributes } from '../../../test/support/manifestPixels';
import { dcmdjpegFrames, dcmtkPixelData, hasDcmtk } from '../../../test/support/wado/dcmtkReference';
import { decodeFrame } from './decodeFrame';

/**
 * Every JPEG Extended (8- and 12-bit lossy) frame of the corpus outside malformed/ decodes to the
 * samples dcmtk's dcmdjpeg (libijg, an independent decoder) writes for the same file, within
 * what two lossy decoders' inverse DCTs may differ by. (Cornerstone's own decoder for this syntax
 * is 15 levels too bright at 12 bits; the viewer and the gateway share src/dicom/pixel/jpegSequential.ts.)
 */
const JPEG_EXTENDED = '1.2.840.10008.1.2.4.51';
const entries = manifest.entries.filter(
  (e) => e.type === 'file' && e.transferSyntaxUID === JPEG_EXTENDED && !e.path.startsWith('malformed/'),
);
/** Largest difference allowed, in stored values: each IDCT rounds its own way. */
const IDCT_TOLERANCE = 1;

/** Each frame's codestream: the fragments joined, split where a codestream starts (SOI, which entropy-coded data never holds). */
function frameCodestreams(fragments: Buffer[]): Buffer[] {
  const joined = Buffer.concat(fragments);
  const starts: number[] = [];
  for (let at = joined.indexOf('ffd8ff', 0, 'hex'); at >= 0; at = joined.indexOf('ffd8ff', at + 1, 'hex'))
    starts.push(at);
  return starts.map((start, i) => joined.subarray(start, starts[i + 1]));
}

describe.skipIf(!hasDcmtk)('JPEG Extended frames decode to the samples dcmtk decodes', () => {
  it('finds the corpus files', () => {
    expect(entries.map((e) => e.path).sort()).toEqual([
      'syntaxes/jpeg-extended__cr-12bit-2140x1760.dcm',
      'syntaxes/jpeg-extended__ct-cs3d.dcm',
      'syntaxes/jpeg-extended__ct-fragmented-no-bot.dcm',
      'syntaxes/jpeg-extended__nm-12bit.dcm',
      'syntaxes/jpeg-extended__us-ybr-8bit.dcm',
    ]);
  });

  it.each(entries.map((e) => [e.path, e] as const))('%s', { timeout: 30_000 }, async (file, entry) => {
    const input = path.join(corpusDir, file);
    const items = dcmtkPixelData(input)?.items;
    if (items === undefined) throw new Error(`dcmtk could not read ${file}`);
    const attributes = manifestPixelAttributes(entry);
    const frames = entry.frames ?? 1;
    // +cn: the samples as coded (YCbCr stays YCbCr), as the decoder under test leaves them.
    const reference = dcmdjpegFrames(input, frames, ['+cn']);
    const codestreams = frameCodestreams(items.slice(1));
    expect(codestreams).toHaveLength(frames);
    for (let frame = 0; frame < frames; frame++) {
      const decoded = await decodeFrame(codestreams[frame]!, JPEG_EXTENDED, attributes);
      const expected = await decodeFrame(reference[frame]!, '1.2.840.10008.1.2.1', attributes);
      expect([decoded.width, decoded.height, decoded.samplesPerPixel]).toEqual([
        attributes.columns,
        attributes.rows,
        attributes.samplesPerPixel,
      ]);
      expect(decoded.samples.length).toBe(expected.samples.length);
      let worst = 0;
      for (let i = 0; i < decoded.samples.length; i++) {
        worst = Math.max(worst, Math.abs(decoded.samples[i]! - expected.samples[i]!));
      }
      expect(worst, `largest difference in frame ${frame + 1}`).toBeLessThanOrEqual(IDCT_TOLERANCE);
    }
  });

  it('refuses a codestream it cannot read with what is wrong', async () => {
    const entry = entries.find((e) => e.path.endsWith('nm-12bit.dcm'))!;
    const codestream = frameCodestreams(dcmtkPixelData(path.join(corpusDir, entry.path))!.items!.slice(1))[0]!;
    const attributes = manifestPixelAttributes(entry);
    await expect(
      decodeFrame(codestream.subarray(0, codestream.length >> 1), JPEG_EXTENDED, attributes),
    ).rejects.toMatchObject({
      status: 406,
      message: 'This image cannot be rendered: its JPEG data cannot be read (The JPEG data ends inside a scan)',
    });
    await expect(decodeFrame(Buffer.from('not a JPEG'), JPEG_EXTENDED, attributes)).rejects.toMatchObject({
      status: 406,
      message: expect.stringContaining('no SOI marker'),
    });
    await expect(
      decodeFrame(codestream, JPEG_EXTENDED, { ...attributes, rows: attributes.rows + 1 }),
    ).rejects.toMatchObject({ status: 406, message: expect.stringContaining('rows, columns') });
  });
});
