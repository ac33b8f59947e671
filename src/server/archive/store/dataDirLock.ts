import { constants } from 'node:fs';
import { open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * One process at a time owns DATA_DIR: opening the archive settles interrupted stores and empties
 * tmp/, which would wreck the uploads of a gateway running beside an import or a reindex. The lock
 * holds the owner's PID; a lock whose process is gone (killed, crashed) is taken over.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const file = path.join(dataDir, 'archive.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o640);
      await handle.writeFile(String(process.pid));
      await handle.close();
      return async () => {
        if ((await ownerOf(file)) === process.pid) await rm(file, { force: true });
      };
    } catch (error) {
      if (!isCode(error, 'EEXIST')) throw error;
      const owner = await ownerOf(file);
      if (owner !== undefined && owner !== process.pid && isAlive(owner)) {
        throw new Error(
          `${dataDir} is in use by process ${owner} (a running gateway, import or reindex); stop it first`,
        );
      }
      await rm(file, { force: true });
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
}

async function ownerOf(file: string): Promise<number | undefined> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isCode(error, 'EPERM');
  }
}

function isCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === code;
}
