import type { PixelAttributes } from '../../src/server/rendered/decodeFrame';
import type { ManifestEntry } from './corpus';

/** MANIFEST records the Image Pixel attributes of every file; corpus.ts types only those other tests read. */
type PixelEntry = ManifestEntry &
  Record<'samplesPerPixel' | 'bitsAllocated' | 'bitsStored' | 'pixelRepresentation', number>;

/** A corpus file's Image Pixel attributes as MANIFEST.json records them, for decoding its frames. */
export function manifestPixelAttributes(entry: ManifestEntry): PixelAttributes {
  const pixel = entry as PixelEntry;
  return {
    rows: pixel.rows!,
    columns: pixel.columns!,
    samplesPerPixel: pixel.samplesPerPixel,
    bitsAllocated: pixel.bitsAllocated,
    bitsStored: pixel.bitsStored,
    pixelRepresentation: pixel.pixelRepresentation,
    photometric: pixel.photometricInterpretation!,
    planarConfiguration: 0,
  };
}
