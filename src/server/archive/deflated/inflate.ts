import type { FileHandle } from 'node:fs/promises';
import { createInflateRaw } from 'node:zlib';

/**
 * Default of MAX_INFLATED_BYTES: the largest data set a Deflated Explicit VR Little Endian file
 * (PS3.5 A.5) may inflate to. 1 GiB holds a 2000-frame 512 × 512 16-bit multi-frame, and costs
 * the archive no more memory than an uncompressed file of that size that STOW-RS already accepts.
 * No ratio cap: what a bomb costs is its inflated size, and sparse legitimate images (masks, black
 * cine frames) deflate a thousandfold too.
 */
export const DEFAULT_MAX_INFLATED_BYTES = 1024 ** 3;

/** Why a deflated data set was not inflated; `message` is a sentence a user can act on. */
export class InflateError extends Error {
  override name = 'InflateError';
  constructor(
    /** True when the data set grew past the cap; false when the deflate stream is corrupt. */
    readonly tooLarge: boolean,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * Inflates a raw deflate stream into an open file, counting as it goes: a bomb is cut off once the
 * output passes `maxBytes`, and no more than one output chunk is ever in memory. Returns the
 * inflated size. The caller removes the file when this throws.
 */
export async function inflateRawToFile(deflated: Uint8Array, handle: FileHandle, maxBytes: number): Promise<number> {
  const inflater = createInflateRaw({ chunkSize: 1 << 20 });
  inflater.end(deflated);
  let total = 0;
  try {
    for await (const chunk of inflater as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes) {
        throw new InflateError(
          true,
          `The deflated data set inflates to more than ${formatBytes(maxBytes)}, the most this archive accepts (MAX_INFLATED_BYTES)`,
        );
      }
      await handle.write(chunk);
    }
  } catch (error) {
    inflater.destroy();
    if (error instanceof InflateError) throw error;
    throw new InflateError(false, 'The deflated data set cannot be inflated: the deflate stream is corrupt', {
      cause: error,
    });
  }
  return total;
}

function formatBytes(bytes: number): string {
  const GiB = 1024 ** 3;
  const MiB = 1024 ** 2;
  if (bytes >= GiB && bytes % GiB === 0) return `${bytes / GiB} GiB`;
  if (bytes >= MiB) return `${Math.floor(bytes / MiB)} MiB`;
  return `${bytes} bytes`;
}
