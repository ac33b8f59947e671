import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_MAX_INFLATED_BYTES } from '../../../src/server/archive/deflated/inflate';
import { InflatedRenditions, isDeflatedDataSet } from '../../../src/server/archive/deflated/renditions';
import { readFileMeta } from '../../../src/server/archive/wado/dicomParser';

/** A file's bytes as WADO-RS parses them: as stored, or for a deflated file its inflated rendition. */
export async function parseableBytes(file: string): Promise<Buffer> {
  const bytes = readFileSync(file);
  const meta = readFileMeta(bytes);
  if (meta === undefined || !isDeflatedDataSet(meta.transferSyntaxUID)) return bytes;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wado-inflate-'));
  try {
    const pending = await new InflatedRenditions(dataDir, DEFAULT_MAX_INFLATED_BYTES).inflate(
      bytes,
      meta.position,
      meta,
    );
    return readFileSync(pending.temp);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
