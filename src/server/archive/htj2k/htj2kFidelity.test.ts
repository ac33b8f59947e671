import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeLoadableFiles } from '../../../../test/support/corpus';
import { decodeHtj2k, readCodestreamHeader } from '../../../../test/support/htj2k';
import { corpusIndex } from '../../../../test/support/wado/corpusIndex';
import { createHtj2kEncoder, type Htj2kEncoder } from '../../htj2k/encoder';
import { DEFAULT_MAX_INFLATED_BYTES } from '../deflated/inflate';
import { InflatedRenditions } from '../deflated/renditions';
import { readFrame } from '../wado/frameReader';
import { createPixelLoader, type LoadedPixels } from '../wado/pixelLoader';
import { Htj2kRenditions, renditionFormat } from './htj2kRenditions';

/** Frames checked per multi-frame instance: all of them up to this many, else this many spread from first to last. */
const MAX_FRAMES_CHECKED = 12;
const RPCL = 2;

let dataDir: string;
let encoder: Htj2kEncoder;

beforeAll(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'htj2k-fidelity-'));
  encoder = createHtj2kEncoder({ workers: 2 });
});
afterAll(async () => {
  await encoder.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function framesToCheck(numberOfFrames: number): number[] {
  if (numberOfFrames <= MAX_FRAMES_CHECKED) return Array.from({ length: numberOfFrames }, (_, i) => i + 1);
  const step = (numberOfFrames - 1) / (MAX_FRAMES_CHECKED - 1);
  return Array.from({ length: MAX_FRAMES_CHECKED }, (_, i) => 1 + Math.round(i * step));
}

describe('HTJ2K renditions of the corpus', () => {
  it('decode bit-exact to the archive raw frames, as RPCL codestreams with TLM and a lowest resolution <= 64 px', async () => {
    const index = corpusIndex(storeLoadableFiles());
    const inflated = new InflatedRenditions(dataDir, DEFAULT_MAX_INFLATED_BYTES);
    const loadPixels = createPixelLoader(inflated);
    const renditions = new Htj2kRenditions(dataDir, encoder, loadPixels, console);
    const checked: string[] = [];
    const layouts = new Set<string>();
    for (const instance of index.instances) {
      let loaded: LoadedPixels;
      try {
        loaded = await loadPixels(instance);
      } catch {
        continue; // No pixel data or no frames the archive can serve: no rendition either.
      }
      try {
        const format = renditionFormat(loaded.layout);
        if (format === undefined) continue;
        const name = path.relative(path.dirname(path.dirname(instance.path)), instance.path);
        layouts.add(
          `${format.samplesPerPixel}x${format.bitsAllocated}${format.pixelRepresentation ? 's' : 'u'} ${loaded.layout.transferSyntax.encoding}`,
        );
        for (const frame of framesToCheck(loaded.layout.numberOfFrames)) {
          const raw = await readFrame(loaded.layout, frame, loaded.source, true);
          const codestream = await renditions.frame(instance, loaded, frame);
          const decoded = await decodeHtj2k(codestream);
          expect([decoded.rows, decoded.columns, decoded.samplesPerPixel], name).toEqual([
            format.rows,
            format.columns,
            format.samplesPerPixel,
          ]);
          expect(decoded.isSigned, name).toBe(format.pixelRepresentation === 1);
          expect(Buffer.compare(Buffer.from(decoded.pixels), Buffer.from(raw)), `${name} frame ${frame}`).toBe(0);

          const header = readCodestreamHeader(codestream);
          expect(header.progressionOrder, name).toBe(RPCL);
          expect(header.reversible, name).toBe(true);
          expect(header.hasTlm, name).toBe(true);
          // One tile-part per resolution, each listed in TLM: a client finds where each resolution ends.
          expect(header.tilePartLengths.length, name).toBe(header.decompositionLevels + 1);
          const lowest = Math.ceil(Math.max(header.rows, header.columns) / 2 ** header.decompositionLevels);
          expect(lowest, name).toBeLessThanOrEqual(64);
          // The fewest levels that get there (at least one): one fewer would leave the lowest resolution above 64 px.
          expect(header.decompositionLevels, name).toBeGreaterThanOrEqual(1);
          if (header.decompositionLevels > 1) expect(lowest * 2, name).toBeGreaterThan(64);
        }
        checked.push(name);
      } finally {
        await loaded.source.close();
      }
    }
    // The corpus's uncompressed images: the 140-slice CT and its siblings, colour, 8-bit, big endian, deflated.
    expect(checked.length).toBeGreaterThan(150);
    expect([...layouts].sort()).toEqual(
      expect.arrayContaining(['1x16s native', '1x16u native', '1x8u native', '3x8u native']),
    );
  }, 600_000);
});
