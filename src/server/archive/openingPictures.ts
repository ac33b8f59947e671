import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ArchiveLogger } from './logger';

/** A picture made ahead: its rendered answer's entity tag and bytes. */
export interface MadePicture {
  readonly etag: string;
  readonly body: Buffer;
}

/** Makes the opening picture of a series, or says there is none (no greyscale image the renderer takes). */
type MakePicture = (study: string, series: string) => Promise<MadePicture | undefined>;

/** How long a series stays quiet (no instance stored) before its picture is made: a series arrives one instance at a time. */
const QUIET_MS = 1000;

/**
 * The picture a viewer page names for each series (http/openingPicture.ts), made once the series
 * has been stored and kept under DATA_DIR/cache/rendered, so a remote reader's first image is a
 * file read instead of a render on the request's path. Looked up by the rendered answer's strong
 * entity tag, which names the frame, the stored version of its metadata, the options and the media
 * type: a picture made before the series changed, or for other options, is never served. Only
 * these pictures are kept: a rendered request with options of its own is rendered each time, so
 * no client can fill the disk. A series' earlier picture is removed when a new one is made in the
 * same process; what a restart leaves behind is never served. The folder is safe to delete.
 */
export class OpeningPictures {
  private readonly pending = new Map<string, { study: string; series: string; timer: NodeJS.Timeout }>();
  /** One picture made at a time: renders run on the event loop, and two of one series must not cross. */
  private queue: Promise<void> = Promise.resolve();
  /** The file each series' picture was last written to in this process, removed when it is replaced. */
  private readonly latest = new Map<string, string>();

  constructor(
    private readonly dir: string,
    private readonly make: MakePicture,
    private readonly logger: ArchiveLogger,
  ) {}

  private file(etag: string): string {
    return path.join(this.dir, `${createHash('sha256').update(etag).digest('hex')}.picture`);
  }

  /** The picture made for this entity tag, if there is one. */
  async get(etag: string): Promise<Buffer | undefined> {
    return readFile(this.file(etag)).catch(() => undefined);
  }

  /** An instance of the series was stored: its picture is made once the series has been quiet a while. */
  touch(study: string, series: string): void {
    const key = `${study}/${series}`;
    clearTimeout(this.pending.get(key)?.timer);
    const timer = setTimeout(() => this.start(key), QUIET_MS).unref();
    this.pending.set(key, { study, series, timer });
  }

  /** Makes every picture still waiting, now, and waits for all of them (before the archive closes). */
  async drain(): Promise<void> {
    for (const key of [...this.pending.keys()]) this.start(key);
    await this.queue;
  }

  private start(key: string): void {
    const waiting = this.pending.get(key);
    if (!waiting) return;
    clearTimeout(waiting.timer);
    this.pending.delete(key);
    this.queue = this.queue.then(() => this.keep(key, waiting.study, waiting.series));
  }

  /** Never fails: a picture that cannot be made is rendered when asked for, as any other. */
  private async keep(key: string, study: string, series: string): Promise<void> {
    try {
      const made = await this.make(study, series);
      const file = made && this.file(made.etag);
      if (made && file) {
        await mkdir(this.dir, { recursive: true });
        // Written beside and renamed, so a reader never finds half a picture; readable by the
        // gateway's own group only, like the HTJ2K renditions: it is a patient's image.
        const partial = `${file}.${randomUUID()}.partial`;
        await writeFile(partial, made.body, { mode: 0o640 });
        await rename(partial, file).catch(async (error: unknown) => {
          await rm(partial, { force: true });
          throw error;
        });
      }
      // The series' earlier picture (it has changed since) is served no more: it goes.
      const earlier = this.latest.get(key);
      if (earlier !== undefined && earlier !== file) await rm(earlier, { force: true });
      if (file) this.latest.set(key, file);
      else this.latest.delete(key);
    } catch (error) {
      this.logger.warn(`The opening picture of series ${series} could not be made: ${String(error)}`);
    }
  }
}
