import { createHash } from 'node:crypto';
import { readFile, rm, stat } from 'node:fs/promises';
import type { InflatedRenditions } from '../deflated/renditions';
import type { IndexRecord } from '../index/archiveIndex';
import type { FileStore } from '../store/fileStore';
import { identify } from './identify';
import type { IngestFailure } from './outcome';
import { readInstance } from './readInstance';
import { ingestWarnings } from './warnings';

/**
 * The index row for a file already in archive/ (recovery and reindex), or why it cannot have one.
 * A deflated file's rendition, made while reading it, goes into the cache on the way.
 */
export async function recordFromFile(
  files: FileStore,
  relativePath: string,
  renditions: InflatedRenditions,
): Promise<IndexRecord | IngestFailure> {
  const file = files.absolute(relativePath);
  const bytes = new Uint8Array(await readFile(file));
  const read = await readInstance(bytes, renditions);
  if ('ok' in read) return read;
  const { parsed, rendition } = read;
  try {
    const checked = identify(parsed);
    if ('ok' in checked) return checked;
    if (rendition) await renditions.install(rendition, checked.identity, await stat(file));
    return {
      ...checked.identity,
      transferSyntaxUID: parsed.transferSyntaxUID,
      relativePath,
      size: bytes.length,
      sha256: createHash('sha256').update(bytes.subarray(parsed.datasetOffset)).digest('hex'),
      dataset: parsed.dataset,
      warnings: ingestWarnings(parsed, checked.warnings).map((w) => w.reason),
    };
  } finally {
    if (rendition) await rm(rendition.temp, { force: true });
  }
}
