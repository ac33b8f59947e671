import { Readable } from 'node:stream';
import { Zip, ZipPassThrough } from 'fflate';

export interface ZipEntry {
  name: string;
  /** Produced only when the zip reaches this entry, so nothing is fetched ahead of the reader. */
  bytes: () => Iterable<Uint8Array> | AsyncIterable<Uint8Array> | Promise<AsyncIterable<Uint8Array>>;
}

/**
 * fflate writes 32-bit sizes and offsets only (no ZIP64), so past these limits the archive would
 * be silently wrong: the stream fails instead, and the client sees a broken download.
 */
const MAX_ZIP_BYTES = 0xffffffff;
const MAX_ZIP_ENTRIES = 0xffff;

class ZipTooLarge extends Error {}

/**
 * A zip written while it is read: entries are stored, not deflated (DICOM pixel data is mostly
 * compressed already, deflating the rest would cost the gateway a core per download, and stored
 * entries keep every file byte-identical and cheap to check). The source of the next chunk is
 * only pulled when the reader wants more, so a slow reader holds the whole pipeline back.
 */
export function zipStream(entries: AsyncIterable<ZipEntry>): Readable {
  return Readable.from(zipChunks(entries), { objectMode: false, highWaterMark: 1024 * 1024 });
}

async function* zipChunks(entries: AsyncIterable<ZipEntry>): AsyncGenerator<Uint8Array> {
  // fflate calls back synchronously from push() and end(); the chunks wait here to be yielded.
  const ready: Uint8Array[] = [];
  let failure: Error | null = null;
  let written = 0;
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else ready.push(chunk);
  });
  function* flush(): Generator<Uint8Array> {
    if (failure) throw failure;
    while (ready.length > 0) {
      const chunk = ready.shift()!;
      written += chunk.length;
      if (written > MAX_ZIP_BYTES)
        throw new ZipTooLarge('The download is larger than a zip without ZIP64 can hold (4 GiB)');
      yield chunk;
    }
  }
  let count = 0;
  for await (const entry of entries) {
    if (++count > MAX_ZIP_ENTRIES)
      throw new ZipTooLarge('The download has more files than a zip without ZIP64 can hold');
    const file = new ZipPassThrough(entry.name);
    zip.add(file);
    for await (const chunk of await entry.bytes()) {
      file.push(chunk);
      yield* flush();
    }
    file.push(new Uint8Array(0), true);
    yield* flush();
  }
  zip.end();
  yield* flush();
}
