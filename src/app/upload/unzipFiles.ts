import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';
import type { PickedFile } from './pickedFile';

/**
 * The files inside a zip, read as a stream: a CD's zip is often larger than a phone would hold
 * twice, so only the unpacked entries are kept, never the whole archive as well. Entries whose
 * compression fflate cannot read become files whose reading fails with that reason.
 */
export async function unzipFiles(zip: PickedFile): Promise<PickedFile[]> {
  const entries: Promise<PickedFile>[] = [];
  const unzip = new Unzip((entry) => {
    if (entry.name.endsWith('/')) return;
    entries.push(readEntry(entry, `${zip.path}/${entry.name}`));
  });
  unzip.register(UnzipInflate);
  const reader = zip.file.stream().getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      unzip.push(value);
    }
    unzip.push(new Uint8Array(0), true);
  } catch {
    throw new Error(`${zip.path} is not a zip file that can be read: it may be damaged or incomplete`);
  }
  return Promise.all(entries);
}

function readEntry(entry: UnzipFile, path: string): Promise<PickedFile> {
  return new Promise((resolve) => {
    const chunks: Uint8Array[] = [];
    entry.ondata = (error, chunk, final) => {
      if (error) {
        resolve({ path, file: new Blob([]), unreadable: `It cannot be unpacked from the zip (${error.message})` });
        return;
      }
      chunks.push(chunk);
      if (final) resolve({ path, file: new Blob(chunks as BlobPart[]) });
    };
    try {
      entry.start();
    } catch (error) {
      resolve({
        path,
        file: new Blob([]),
        unreadable: `It cannot be unpacked from the zip (${error instanceof Error ? error.message : 'unknown compression'})`,
      });
    }
  });
}
