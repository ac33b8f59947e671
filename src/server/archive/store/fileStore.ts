import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { isUid } from '../../../dicom/uid';

export interface InstanceKey {
  studyInstanceUID: string;
  seriesInstanceUID: string;
  sopInstanceUID: string;
}

/**
 * The files of the archive (docs/design.md "Persistence"): DATA_DIR/archive/<Study>/<Series>/<SOP>.dcm,
 * written to DATA_DIR/tmp first, fsynced, then renamed into place, so archive/ only ever holds
 * whole files. Paths are relative to DATA_DIR with forward slashes when stored in the index.
 */
export class FileStore {
  readonly archiveDir: string;
  readonly tempDir: string;

  constructor(readonly dataDir: string) {
    this.archiveDir = path.join(dataDir, 'archive');
    this.tempDir = path.join(dataDir, 'tmp');
  }

  async init(): Promise<void> {
    await mkdir(this.archiveDir, { recursive: true });
    await mkdir(this.tempDir, { recursive: true });
  }

  /**
   * Where an instance lives, relative to archive/. UIDs come from inside uploaded files, so each is
   * checked against the UID syntax first: only digits and dots reach the filesystem, never `..` or `/`.
   */
  relativePath(key: InstanceKey): string {
    const parts = [key.studyInstanceUID, key.seriesInstanceUID, key.sopInstanceUID];
    if (!parts.every(isUid)) throw new Error('Refusing a path built from an invalid UID');
    return `${parts[0]}/${parts[1]}/${parts[2]}.dcm`;
  }

  absolute(relative: string): string {
    return path.join(this.archiveDir, ...relative.split('/'));
  }

  /** A new unique path in tmp/ (same filesystem as archive/, so rename is atomic). */
  tempPath(): string {
    return path.join(this.tempDir, `${randomUUID()}.part`);
  }

  /** Writes bytes to a new temp file and fsyncs it; returns its path. */
  async writeTemp(chunks: Iterable<Uint8Array>): Promise<string> {
    const file = this.tempPath();
    const handle = await open(file, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o640);
    try {
      for (const chunk of chunks) await handle.write(chunk);
      await handle.sync();
    } catch (error) {
      await handle.close();
      await rm(file, { force: true });
      throw error;
    }
    await handle.close();
    return file;
  }

  /** Moves a synced temp file to its place in archive/ and syncs the directories that changed. */
  async install(temp: string, relative: string): Promise<void> {
    const target = this.absolute(relative);
    const created = await mkdir(path.dirname(target), { recursive: true });
    await rename(temp, target);
    const touched = [path.dirname(target)];
    if (created !== undefined) {
      // New study/series folders are themselves new entries of their parents, which must be synced too.
      let dir = path.dirname(target);
      do {
        dir = path.dirname(dir);
        touched.push(dir);
      } while (dir !== path.dirname(created) && dir.length > this.dataDir.length);
    }
    for (const dir of touched) await syncDirectory(dir);
  }

  async remove(relative: string): Promise<void> {
    await rm(this.absolute(relative), { force: true });
  }

  /** Deletes everything in tmp/: uploads and copies that were in flight when the process stopped. */
  async clearTemp(): Promise<number> {
    const names = await readdir(this.tempDir);
    await Promise.all(names.map((name) => rm(path.join(this.tempDir, name), { force: true, recursive: true })));
    return names.length;
  }

  /** Every file under archive/, relative to it, in a stable order. */
  async *files(dir = this.archiveDir): AsyncGenerator<string> {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) yield* this.files(full);
      else if (entry.isFile()) yield path.relative(this.archiveDir, full).split(path.sep).join('/');
    }
  }
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, constants.O_RDONLY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
