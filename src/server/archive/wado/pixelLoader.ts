import { openParseable, type InflatedRenditions } from '../deflated/renditions';
import type { StoredInstance } from '../types';
import { memorySource, type ByteSource, type FileIdentity, type OpenedFile } from './byteSource';
import { parsePart10 } from './dicomParser';
import { pixelLayout, type PixelLayout } from './pixelLayout';

export interface LoadedPixels {
  layout: PixelLayout;
  /** Reads the layout's byte ranges; close it when done. */
  source: ByteSource;
  identity: FileIdentity;
}

export type PixelLoader = (instance: StoredInstance) => Promise<LoadedPixels>;

interface Parse {
  identity: FileIdentity;
  done: Promise<LoadedPixels>;
}

/**
 * Loads pixel layouts, remembering them per file version. Viewers fetch multi-frame images one
 * frame per request, several at once; after one parse of the file, each frame is a positioned
 * read. Concurrent first requests wait for that one parse instead of each reading the whole
 * file. Deflated files are read through their inflated rendition, so they are never inflated here.
 */
export function createPixelLoader(renditions: InflatedRenditions, maxEntries = 2000): PixelLoader {
  const cache = new Map<string, { identity: FileIdentity; layout: PixelLayout }>();
  const parsing = new Map<string, Parse>();

  const remember = (path: string, identity: FileIdentity, layout: PixelLayout) => {
    // A Map iterates in insertion order: re-inserting on use makes the first key the least recently used.
    cache.delete(path);
    cache.set(path, { identity, layout });
    if (cache.size > maxEntries) cache.delete(cache.keys().next().value!);
  };

  return async (instance) => {
    const { path } = instance;
    const file = await openParseable(instance, renditions);
    try {
      const cached = cache.get(path);
      if (cached && sameVersion(cached.identity, file.identity)) {
        remember(path, cached.identity, cached.layout);
        return { layout: cached.layout, source: file.source, identity: file.identity };
      }
      const pending = parsing.get(path);
      if (pending && sameVersion(pending.identity, file.identity)) {
        const { layout } = await pending.done;
        return { layout, source: file.source, identity: file.identity };
      }
      const done = parse(file, instance);
      parsing.set(path, { identity: file.identity, done });
      try {
        const loaded = await done;
        remember(path, file.identity, loaded.layout);
        return loaded;
      } finally {
        if (parsing.get(path)?.done === done) parsing.delete(path);
      }
    } catch (error) {
      await file.source.close().catch(() => {});
      throw error;
    }
  };
}

/** Reads and parses the whole file once; frames of this request come from the bytes in memory. */
async function parse(file: OpenedFile, instance: StoredInstance): Promise<LoadedPixels> {
  const parsed = parsePart10(await file.readAll(), instance.transferSyntaxUID);
  const layout = pixelLayout(parsed);
  await file.source.close();
  return { layout, source: memorySource(parsed.dataSet.byteArray), identity: file.identity };
}

function sameVersion(a: FileIdentity, b: FileIdentity): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs;
}
