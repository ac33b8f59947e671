import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IndexRecord } from '../index/archiveIndex';
import type { FileStore } from '../store/fileStore';
import { identify } from './identify';
import { parse } from './ingester';
import type { IngestFailure } from './outcome';

/** The index row for a file already in archive/ (recovery and reindex), or why it cannot have one. */
export async function recordFromFile(files: FileStore, relativePath: string): Promise<IndexRecord | IngestFailure> {
  const bytes = new Uint8Array(await readFile(files.absolute(relativePath)));
  const parsed = parse(bytes);
  if (!('dataset' in parsed)) return parsed;
  const checked = identify(parsed);
  if ('ok' in checked) return checked;
  return {
    ...checked.identity,
    transferSyntaxUID: parsed.transferSyntaxUID,
    relativePath,
    size: bytes.length,
    sha256: createHash('sha256').update(bytes.subarray(parsed.datasetOffset)).digest('hex'),
    dataset: parsed.dataset,
  };
}
