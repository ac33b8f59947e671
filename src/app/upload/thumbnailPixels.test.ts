import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusDir, entryFiles, manifest } from '../../../test/support/corpus';
import { thumbnailPixels } from './thumbnailPixels';

const read = (file: string) => new Uint8Array(readFileSync(file));

describe('thumbnailPixels', () => {
  it.each(['series/ct-liver-3slice-with-seg/', 'series/mr-studyforrest-t1w-brain-slab/'])(
    'draws a small greyscale picture of %s',
    (series) => {
      const entry = manifest.entries.find((e) => e.path === series)!;
      const pixels = thumbnailPixels(read(entryFiles(entry)[0]!))!;
      expect(Math.max(pixels.width, pixels.height)).toBe(96);
      expect(pixels.rgba).toHaveLength(pixels.width * pixels.height * 4);
      const greys = new Set<number>();
      for (let i = 0; i < pixels.rgba.length; i += 4) {
        expect(pixels.rgba[i]).toBe(pixels.rgba[i + 1]);
        greys.add(pixels.rgba[i]!);
      }
      // An image, not a flat field: the window spreads its values over many greys.
      expect(greys.size).toBeGreaterThan(50);
    },
  );

  it.each([
    'syntaxes/j2k-lossless__ct-cs3d.dcm',
    'syntaxes/evrbe__ct-cs3d.dcm',
    'kinds/palette/us-palette-8bit.dcm',
    'malformed/derived-empty-file.dcm',
  ])('gives no picture for %s (the page shows a placeholder)', (file) => {
    expect(thumbnailPixels(read(path.join(corpusDir, file)))).toBeUndefined();
  });
});
