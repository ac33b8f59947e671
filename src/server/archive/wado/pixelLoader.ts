import type { StoredInstance } from '../types';
import { memorySource, openStoredFile, type ByteSource, type FileIdentity } from './byteSource';
import { parsePart10 } from './dicomParser';
import { pixelLayout, type PixelLayout } from './pixelLayout';

export interface LoadedPixels {
  layout: PixelLayout;
  /** Reads the layout's byte ranges; close it when done. */
  source: ByteSource;
  identity: FileIdentity;
}

export type PixelLoader = (instance: StoredInstance) => Promise<LoadedPixels>;

/**
 * Loads pixel layouts, remembering them per file version. Viewers fetch multi-frame images one
 * frame per request; after the first parse each frame is a positioned read instead of a read
 * and parse of the whole file. Layouts of deflated data sets point into an inflated copy, so
 * those files are parsed every time.
 */
export function createPixelLoader(maxEntries = 2000): PixelLoader {
  const cache = new Map<string, { identity: FileIdentity; layout: PixelLayout }>();

  return async (instance) => {
    const file = await openStoredFile(instance.path);
    try {
      const cached = cache.get(instance.path);
      if (cached && sameVersion(cached.identity, file.identity)) {
        // Refresh the entry's place in the Map's insertion order, which serves as the LRU order.
        cache.delete(instance.path);
        cache.set(instance.path, cached);
        return { layout: cached.layout, source: file.source, identity: file.identity };
      }
      const parsed = parsePart10(await file.readAll(), instance.transferSyntaxUID);
      const layout = pixelLayout(parsed);
      await file.source.close();
      if (layout.rangesAreFileOffsets) {
        cache.delete(instance.path);
        cache.set(instance.path, { identity: file.identity, layout });
        if (cache.size > maxEntries) cache.delete(cache.keys().next().value!);
      }
      return { layout, source: memorySource(parsed.dataSet.byteArray), identity: file.identity };
    } catch (error) {
      await file.source.close().catch(() => {});
      throw error;
    }
  };
}

function sameVersion(a: FileIdentity, b: FileIdentity): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs;
}
