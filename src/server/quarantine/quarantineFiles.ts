import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { isUid } from '../../dicom/uid';
import type { UploadStore } from '../store/uploads';

/** What start-up recovery found and removed (quarantineFiles.recover). */
interface QuarantineRecovery {
  tempFiles: number;
  filesWithoutRow: number;
  rowsWithoutFile: number;
  emptyUploads: number;
}

/**
 * The files of the quarantine: DATA_DIR/quarantine/<uploadId>/<SOPInstanceUID>.dcm, received in
 * DATA_DIR/quarantine/tmp/ first, fsynced, then renamed into place, so an upload folder only ever
 * holds whole files. The row of a file is written after its rename and removed before its
 * deletion, so a crash leaves at most a file without a row, which recover() deletes.
 */
export class QuarantineFiles {
  readonly dir: string;
  readonly tempDir: string;

  constructor(dataDir: string) {
    this.dir = path.join(dataDir, 'quarantine');
    this.tempDir = path.join(this.dir, 'tmp');
  }

  /** A new unique path in tmp/ (same filesystem as the upload folders, so rename is atomic). */
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
    } finally {
      await handle.close();
    }
    return file;
  }

  /** Where an instance of an upload lives; the SOP Instance UID is checked first, so only digits and dots reach the path. */
  path(uploadId: string, sopInstanceUID: string): string {
    if (!isUid(sopInstanceUID) || !/^[0-9a-f-]{36}$/.test(uploadId))
      throw new Error('Refusing a quarantine path built from an invalid id');
    return path.join(this.dir, uploadId, `${sopInstanceUID}.dcm`);
  }

  /** Moves a synced temp file into its upload's folder and syncs the folders that changed. */
  async install(temp: string, uploadId: string, sopInstanceUID: string): Promise<void> {
    const target = this.path(uploadId, sopInstanceUID);
    const created = await mkdir(path.dirname(target), { recursive: true });
    await rename(temp, target);
    await syncDirectory(path.dirname(target));
    if (created !== undefined) await syncDirectory(this.dir);
  }

  read(uploadId: string, sopInstanceUID: string): Promise<Buffer> {
    return readFile(this.path(uploadId, sopInstanceUID));
  }

  async remove(uploadId: string, sopInstanceUID: string): Promise<void> {
    await rm(this.path(uploadId, sopInstanceUID), { force: true });
  }

  async removeUpload(uploadId: string): Promise<void> {
    if (!/^[0-9a-f-]{36}$/.test(uploadId)) throw new Error('Refusing a quarantine path built from an invalid id');
    await rm(path.join(this.dir, uploadId), { recursive: true, force: true });
  }

  /**
   * At start, before any upload is received: deletes temp files, files without a row (a crash
   * between rename and insert, or during a deletion), rows without a file, and uploads left
   * without any instance, so the Incoming list and the disk agree.
   */
  async recover(uploads: UploadStore): Promise<QuarantineRecovery> {
    await mkdir(this.tempDir, { recursive: true });
    const temps = await readdir(this.tempDir);
    await Promise.all(temps.map((name) => rm(path.join(this.tempDir, name), { force: true, recursive: true })));

    const rows = await uploads.allInstances();
    const expected = new Set(rows.map((row) => `${row.uploadId}/${row.sopInstanceUID}.dcm`));
    const found = new Set<string>();
    let filesWithoutRow = 0;
    for (const folder of await readdir(this.dir, { withFileTypes: true })) {
      if (folder.name === 'tmp') continue;
      const folderPath = path.join(this.dir, folder.name);
      if (!folder.isDirectory()) {
        await rm(folderPath, { force: true });
        filesWithoutRow++;
        continue;
      }
      for (const name of await readdir(folderPath)) {
        const key = `${folder.name}/${name}`;
        if (expected.has(key)) {
          found.add(key);
        } else {
          await rm(path.join(folderPath, name), { force: true, recursive: true });
          filesWithoutRow++;
        }
      }
      if (![...found].some((key) => key.startsWith(`${folder.name}/`)))
        await rm(folderPath, { recursive: true, force: true });
    }
    let rowsWithoutFile = 0;
    for (const row of rows) {
      if (found.has(`${row.uploadId}/${row.sopInstanceUID}.dcm`)) continue;
      await uploads.removeInstance(row.uploadId, row.sopInstanceUID);
      rowsWithoutFile++;
    }
    const emptyUploads = await uploads.deleteEmpty();
    return { tempFiles: temps.length, filesWithoutRow, rowsWithoutFile, emptyUploads };
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
