import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isUid } from '../../../dicom/uid';
import { canEncodeLosslessly, type Htj2kEncoder, type RawFrame } from '../../htj2k/encoder';
import type { ArchiveLogger } from '../logger';
import type { InstanceKey } from '../store/fileStore';
import type { StoredInstance } from '../types';
import type { FileIdentity } from '../wado/byteSource';
import { readFrame } from '../wado/frameReader';
import type { PixelLayout } from '../wado/pixelLayout';
import type { LoadedPixels, PixelLoader } from '../wado/pixelLoader';

/** Stored encodings whose frames this archive reads as raw samples (frameReader's `decode`). */
const RAW_SOURCES = new Set(['native', 'encapsulatedUncompressed', 'deflatedFrames']);

/**
 * The layout of a frame's raw samples when its instance gets an HTJ2K rendition: natively
 * uncompressed (or deflated or encapsulated uncompressed) frames, interleaved, not chroma
 * subsampled, in a layout the encoder keeps exact; otherwise undefined.
 */
export function renditionFormat(layout: PixelLayout): Omit<RawFrame, 'pixels'> | undefined {
  const { transferSyntax, geometry, samples } = layout;
  if (!RAW_SOURCES.has(transferSyntax.encoding) || geometry.chromaSubsampled) return undefined;
  if (geometry.samplesPerPixel > 1 && samples.planarConfiguration !== 0) return undefined;
  const { rows, columns, samplesPerPixel, bitsAllocated } = geometry;
  if ((samplesPerPixel !== 1 && samplesPerPixel !== 3) || (bitsAllocated !== 8 && bitsAllocated !== 16)) {
    return undefined;
  }
  const { bitsStored, pixelRepresentation } = samples;
  if (pixelRepresentation !== 0 && pixelRepresentation !== 1) return undefined;
  const format = { rows, columns, samplesPerPixel, bitsAllocated, bitsStored, pixelRepresentation } as const;
  return canEncodeLosslessly(format) ? format : undefined;
}

/**
 * Lossless HTJ2K renditions of stored frames (docs/design.md "HTJ2K renditions"): the archive keeps
 * each file as received, and each eligible frame, encoded once, lives under
 * DATA_DIR/cache/htj2k/<Study>/<Series>/<SOP>/<size>-<mtime>/<frame>.jphc, named after the version
 * of the received file it was made from. Made in the background after ingest, one frame at a time
 * so a client's request waits for at most one background frame, and on demand when a client asks
 * first; a rendition of an older version of the file is removed when the current one is made. The
 * cache is rebuildable: it can be deleted at any time.
 */
export class Htj2kRenditions {
  readonly cacheDir: string;
  private readonly tempDir: string;
  /** Encodes in progress, by rendition file: concurrent requests for one frame share one encode. */
  private readonly encoding = new Map<string, Promise<Uint8Array>>();
  private readonly backlog: StoredInstance[] = [];
  private draining: Promise<void> | undefined;
  private closed = false;

  constructor(
    dataDir: string,
    private readonly encoder: Htj2kEncoder,
    private readonly loadPixels: PixelLoader,
    private readonly logger: ArchiveLogger,
  ) {
    this.cacheDir = path.join(dataDir, 'cache', 'htj2k');
    this.tempDir = path.join(dataDir, 'tmp');
  }

  /** The rendition of one frame, encoded now when it is not cached yet. `loaded` must be eligible (renditionFormat). */
  async frame(
    instance: InstanceKey,
    loaded: LoadedPixels,
    frameNumber: number,
    signal?: AbortSignal,
  ): Promise<Uint8Array> {
    const file = this.frameFile(instance, loaded.identity, frameNumber);
    const cached = await readFile(file).catch(() => undefined);
    if (cached !== undefined) return cached;
    let pending = this.encoding.get(file);
    if (pending === undefined) {
      pending = this.make(instance, loaded, frameNumber, file);
      this.encoding.set(file, pending);
      void pending.finally(() => this.encoding.delete(file)).catch(() => {});
    }
    // A client that goes away stops waiting; the encode goes on and is kept for the next reader.
    return signal === undefined ? pending : abortable(pending, signal);
  }

  /** The cached rendition of a frame, or undefined when it has not been made (yet). */
  async cached(instance: InstanceKey, identity: FileIdentity, frameNumber: number): Promise<Uint8Array | undefined> {
    return readFile(this.frameFile(instance, identity, frameNumber)).catch(() => undefined);
  }

  /** Queues every frame of a stored instance for encoding in the background; returns at once. */
  enqueue(instance: StoredInstance): void {
    if (this.closed) return;
    this.backlog.push(instance);
    this.draining ??= this.drain().finally(() => (this.draining = undefined));
  }

  /** Stops background encoding after the frame in hand; the encoder is closed by its owner. */
  async close(): Promise<void> {
    this.closed = true;
    this.backlog.length = 0;
    await this.draining;
  }

  private async drain(): Promise<void> {
    // Started after the current request (a STOW) has had its turn on the event loop.
    await new Promise((resolve) => setImmediate(resolve));
    for (let instance = this.backlog.shift(); instance !== undefined; instance = this.backlog.shift()) {
      try {
        await this.encodeAll(instance);
      } catch (error) {
        this.logger.warn(
          `The HTJ2K rendition of ${instance.sopInstanceUID} was not made in the background (${error instanceof Error ? error.message : String(error)}); it is made when first asked for`,
        );
      }
    }
  }

  private async encodeAll(instance: StoredInstance): Promise<void> {
    const loaded = await this.loadPixels(instance);
    try {
      if (renditionFormat(loaded.layout) === undefined) return;
      for (let frame = 1; frame <= loaded.layout.numberOfFrames && !this.closed; frame++) {
        await this.frame(instance, loaded, frame);
      }
    } finally {
      await loaded.source.close();
    }
  }

  private async make(
    instance: InstanceKey,
    loaded: LoadedPixels,
    frameNumber: number,
    file: string,
  ): Promise<Uint8Array> {
    const format = renditionFormat(loaded.layout);
    if (format === undefined) throw new Error('This instance has no HTJ2K rendition');
    const pixels = await readFrame(loaded.layout, frameNumber, loaded.source, true);
    const codestream = await this.encoder.encode({ ...format, pixels });
    try {
      await this.store(file, codestream);
    } catch (error) {
      // The answer does not depend on the cache: the next request encodes again.
      this.logger.warn(
        `The HTJ2K rendition of ${instance.sopInstanceUID} frame ${frameNumber} was not kept (${error instanceof Error ? error.message : String(error)})`,
      );
    }
    return codestream;
  }

  /** Written to tmp/ then renamed, so the cache only ever holds whole renditions; older versions go. */
  private async store(file: string, codestream: Uint8Array): Promise<void> {
    const versionDir = path.dirname(file);
    await mkdir(versionDir, { recursive: true });
    await mkdir(this.tempDir, { recursive: true });
    const temp = path.join(this.tempDir, `${randomUUID()}.jphc`);
    await writeFile(temp, codestream, { mode: 0o640 });
    await rename(temp, file).catch(async (error: unknown) => {
      await rm(temp, { force: true });
      throw error;
    });
    const instanceDir = path.dirname(versionDir);
    const stale = (await readdir(instanceDir)).filter((entry) => entry !== path.basename(versionDir));
    await Promise.all(stale.map((entry) => rm(path.join(instanceDir, entry), { recursive: true, force: true })));
  }

  private frameFile(key: InstanceKey, identity: FileIdentity, frameNumber: number): string {
    const parts = [key.studyInstanceUID, key.seriesInstanceUID, key.sopInstanceUID];
    // UIDs name folders: only digits and dots reach the filesystem (as in FileStore.relativePath).
    if (!parts.every(isUid)) throw new Error('Refusing a rendition path built from an invalid UID');
    return path.join(this.cacheDir, ...parts, `${identity.size}-${identity.mtimeMs}`, `${frameNumber}.jphc`);
  }
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Error('The client went away'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error('The client went away'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
