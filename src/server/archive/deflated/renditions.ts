import { constants } from 'node:fs';
import { access, mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { EXPLICIT_VR_LITTLE_ENDIAN, transferSyntaxInfo } from '../../../dicom/pixel/transferSyntax';
import { isUid } from '../../../dicom/uid';
import { fileMetaHeader } from '../ingest/fileMeta';
import type { InstanceKey } from '../store/fileStore';
import type { StoredInstance } from '../types';
import { openStoredFile, type FileIdentity, type OpenedFile } from '../wado/byteSource';
import { readFileMeta } from '../wado/dicomParser';
import { unreadableInstance } from '../wado/wadoErrors';
import { inflateRawToFile, InflateError } from './inflate';

/** A rendition written to tmp/, not yet in the cache. */
export interface PendingRendition {
  temp: string;
  /** Bytes before the inflated data set (preamble, prefix, File Meta). */
  headerLength: number;
}

/**
 * Inflated renditions of Deflated Explicit VR Little Endian files (docs/design.md "Renditions"): the
 * archive keeps each file as received, and its data set, inflated once, lives beside it as an
 * Explicit VR Little Endian Part 10 file under DATA_DIR/cache/inflated/<Study>/<Series>/<SOP>/,
 * named after the size and modification time of the received file it was made from. Frames and
 * bulk data are positioned reads of that file; a rendition that is missing or belongs to an older
 * version of the file is made again on the next read, so the cache can be deleted at any time.
 * Every inflation goes through here, cut off at `maxInflatedBytes` (MAX_INFLATED_BYTES).
 */
export class InflatedRenditions {
  readonly cacheDir: string;
  private readonly tempDir: string;

  constructor(
    dataDir: string,
    readonly maxInflatedBytes: number,
  ) {
    this.cacheDir = path.join(dataDir, 'cache', 'inflated');
    this.tempDir = path.join(dataDir, 'tmp');
  }

  /**
   * Inflates the data set of a deflated Part 10 file into a rendition in tmp/, streaming, so memory
   * stays small whatever the file inflates to. Throws InflateError (too large, or corrupt).
   */
  async inflate(
    bytes: Uint8Array,
    datasetOffset: number,
    meta: { sopClassUID?: string; sopInstanceUID?: string },
  ): Promise<PendingRendition> {
    const header = fileMetaHeader(
      { sopClassUID: meta.sopClassUID ?? '', sopInstanceUID: meta.sopInstanceUID ?? '' },
      EXPLICIT_VR_LITTLE_ENDIAN,
    );
    await mkdir(this.tempDir, { recursive: true });
    const temp = path.join(this.tempDir, `${randomUUID()}.inflated`);
    const handle = await open(temp, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o640);
    try {
      await handle.write(header);
      await inflateRawToFile(bytes.subarray(datasetOffset), handle, this.maxInflatedBytes);
      // Synced before it is renamed into the cache, so a crash never leaves half a rendition there.
      await handle.sync();
      await handle.close();
    } catch (error) {
      await handle.close().catch(() => {});
      await rm(temp, { force: true });
      throw error;
    }
    return { temp, headerLength: header.length };
  }

  /** Moves a rendition into the cache for this version of the instance's file, dropping older ones. */
  async install(pending: PendingRendition, key: InstanceKey, source: FileIdentity): Promise<void> {
    const dir = this.instanceDir(key);
    const name = versionName(source);
    await mkdir(dir, { recursive: true });
    await rename(pending.temp, path.join(dir, name));
    const stale = (await readdir(dir)).filter((entry) => entry !== name);
    await Promise.all(stale.map((entry) => rm(path.join(dir, entry), { force: true })));
  }

  /** Forgets every rendition of an instance (its file was replaced by one that needs none). */
  async remove(key: InstanceKey): Promise<void> {
    await rm(this.instanceDir(key), { recursive: true, force: true });
  }

  /**
   * Opens the rendition of a stored deflated instance, making it first when it is missing or
   * stale. The identity stays the received file's, which is what ETags and layout caching name.
   */
  async open(instance: StoredInstance): Promise<OpenedFile> {
    const received = await openStoredFile(instance.path);
    let file: string;
    try {
      file = path.join(this.instanceDir(instance), versionName(received.identity));
      if (!(await exists(file))) await this.remake(instance, received, file);
    } finally {
      await received.source.close();
    }
    const rendition = await openStoredFile(file);
    return { ...rendition, identity: received.identity };
  }

  private async remake(key: InstanceKey, received: OpenedFile, file: string): Promise<void> {
    const bytes = await received.readAll();
    const meta = readFileMeta(bytes);
    if (meta === undefined) throw unreadableInstance('A deflated instance has no readable File Meta Information');
    let pending: PendingRendition;
    try {
      pending = await this.inflate(bytes, meta.position, meta);
    } catch (error) {
      if (error instanceof InflateError) throw unreadableInstance(error.message, error);
      throw error;
    }
    await this.install(pending, key, received.identity).catch(async (error: unknown) => {
      await rm(pending.temp, { force: true });
      throw unreadableInstance(`Cannot store the inflated rendition at ${file}`, error);
    });
  }

  private instanceDir(key: InstanceKey): string {
    const parts = [key.studyInstanceUID, key.seriesInstanceUID, key.sopInstanceUID];
    // UIDs name folders: only digits and dots reach the filesystem (as in FileStore.relativePath).
    if (!parts.every(isUid)) throw new Error('Refusing a rendition path built from an invalid UID');
    return path.join(this.cacheDir, ...parts);
  }
}

/** What WADO-RS parses for an instance: its file, or for a deflated file its inflated rendition. */
export function openParseable(instance: StoredInstance, renditions: InflatedRenditions): Promise<OpenedFile> {
  return isDeflatedDataSet(instance.transferSyntaxUID) ? renditions.open(instance) : openStoredFile(instance.path);
}

/** True for files whose data set is deflated (PS3.5 A.5), which are read through a rendition. */
export function isDeflatedDataSet(transferSyntaxUID: string | undefined): boolean {
  return transferSyntaxUID !== undefined && transferSyntaxInfo(transferSyntaxUID)?.deflatedDataSet === true;
}

function versionName(identity: FileIdentity): string {
  return `${identity.size}-${identity.mtimeMs}.dcm`;
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
