import { open, stat, type FileHandle } from 'node:fs/promises';
import { unreadableInstance } from './wadoErrors';

/** Random access to the bytes of one stored instance: the file, or a parsed copy in memory. */
export interface ByteSource {
  read(offset: number, length: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** Size and modification time: what tells two versions of a stored file apart. */
export interface FileIdentity {
  size: number;
  mtimeMs: number;
}

export function memorySource(bytes: Uint8Array): ByteSource {
  return {
    read: async (offset, length) => {
      if (offset + length > bytes.length) throw unreadableInstance('Read past the end of the parsed data');
      return bytes.subarray(offset, offset + length);
    },
    close: async () => {},
  };
}

/** An open stored file. Errors carry the path only as the log-side cause. */
export interface OpenedFile {
  identity: FileIdentity;
  source: ByteSource;
  readAll(): Promise<Buffer>;
}

export async function openStoredFile(path: string): Promise<OpenedFile> {
  let handle: FileHandle;
  let identity: FileIdentity;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw unreadableInstance(`Cannot open ${path}`, error);
  }
  try {
    const stats = await handle.stat();
    identity = { size: stats.size, mtimeMs: stats.mtimeMs };
  } catch (error) {
    await handle.close();
    throw unreadableInstance(`Cannot stat ${path}`, error);
  }
  const source: ByteSource = {
    read: async (offset, length) => {
      const buffer = Buffer.alloc(length);
      try {
        const { bytesRead } = await handle.read(buffer, 0, length, offset);
        if (bytesRead !== length) throw new Error(`short read: ${bytesRead} of ${length} bytes at ${offset}`);
      } catch (error) {
        throw unreadableInstance(`Cannot read ${path}`, error);
      }
      return buffer;
    },
    close: () => handle.close(),
  };
  const readAll = async () => {
    try {
      return await handle.readFile();
    } catch (error) {
      throw unreadableInstance(`Cannot read ${path}`, error);
    }
  };
  return { identity, source, readAll };
}

export async function statStoredFile(path: string): Promise<FileIdentity> {
  try {
    const stats = await stat(path);
    return { size: stats.size, mtimeMs: stats.mtimeMs };
  } catch (error) {
    throw unreadableInstance(`Cannot stat ${path}`, error);
  }
}
