import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The proxy's transcoded frames on disk, bounded in bytes, least recently used out. One file per
 * entry, named by a hash of its key, so the index rebuilds from the folder after a restart: the
 * order from the files' modification times, which a hit refreshes. A write lands under a
 * temporary name and is renamed, so a crash leaves no half-written entry, and room is made
 * before writing, so the folder never holds more than the limit.
 */
export interface TranscodeCache {
  get(key: string): Promise<Buffer | undefined>;
  /** Stores the bytes unless they alone exceed the limit. */
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** Bytes held now (for tests and health). */
  size(): number;
}

const TEMP_PREFIX = '.tmp-';

export async function openTranscodeCache(options: { dir: string; maxBytes: number }): Promise<TranscodeCache> {
  const { dir, maxBytes } = options;
  await mkdir(dir, { recursive: true });
  /** File name → size, least recently used first (a Map keeps insertion order). */
  const entries = new Map<string, number>();
  let total = 0;

  const found: { name: string; size: number; mtimeMs: number }[] = [];
  for (const name of await readdir(dir)) {
    const file = path.join(dir, name);
    if (name.startsWith(TEMP_PREFIX)) {
      await unlink(file).catch(() => undefined);
      continue;
    }
    const info = await stat(file).catch(() => undefined);
    if (info?.isFile()) found.push({ name, size: info.size, mtimeMs: info.mtimeMs });
  }
  found.sort((a, b) => a.mtimeMs - b.mtimeMs);
  for (const { name, size } of found) {
    entries.set(name, size);
    total += size;
  }

  const remove = async (name: string) => {
    const size = entries.get(name);
    if (size === undefined) return;
    entries.delete(name);
    total -= size;
    await unlink(path.join(dir, name)).catch(() => undefined);
  };
  const makeRoom = async (needed: number) => {
    for (const name of entries.keys()) {
      if (total + needed <= maxBytes) return;
      await remove(name);
    }
  };
  // A smaller limit than last time takes effect at once.
  await makeRoom(0);

  return {
    async get(key) {
      const name = fileName(key);
      if (!entries.has(name)) return undefined;
      const file = path.join(dir, name);
      const bytes = await readFile(file).catch(() => undefined);
      if (bytes === undefined) {
        await remove(name);
        return undefined;
      }
      entries.delete(name);
      entries.set(name, bytes.length);
      const now = new Date();
      await utimes(file, now, now).catch(() => undefined);
      return bytes;
    },

    async put(key, bytes) {
      if (bytes.length > maxBytes) return;
      const name = fileName(key);
      await remove(name);
      // Counted before the write, so concurrent puts cannot together pass the limit; listed only once
      // renamed, so a read never finds a half-written file.
      await makeRoom(bytes.length);
      // Still no room: the rest is other writes in progress. The frame is simply not kept.
      if (total + bytes.length > maxBytes) return;
      total += bytes.length;
      const temp = path.join(dir, `${TEMP_PREFIX}${randomUUID()}`);
      try {
        await writeFile(temp, bytes);
        await rename(temp, path.join(dir, name));
      } catch (error) {
        total -= bytes.length;
        await unlink(temp).catch(() => undefined);
        throw error;
      }
      // Two requests for one frame may both have written it: the later file replaced the earlier.
      const replaced = entries.get(name);
      if (replaced !== undefined) total -= replaced;
      entries.delete(name);
      entries.set(name, bytes.length);
    },

    size: () => total,
  };
}

function fileName(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
