/**
 * `npm run import -- <folder or file>...`: stores every DICOM file found (recursively) into the
 * embedded archive at DATA_DIR, through the same ingest as STOW-RS. One line per file, then a
 * summary. Exit code 0 unless nothing could be read (2 for bad usage or configuration).
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { openArchive } from '../archive/archive';
import { ConfigError, loadConfig } from '../config';

interface Tally {
  stored: number;
  replaced: number;
  duplicate: number;
  skipped: number;
}

async function main(args: string[]): Promise<number> {
  if (args.length === 0 || args.includes('--help')) {
    console.error('Usage: npm run import -- <folder or file> [...]   (stores into the archive at DATA_DIR)');
    return 2;
  }
  const config = loadConfig();
  const archive = await openArchive({
    dataDir: config.dataDir,
    maxInflatedBytes: config.maxInflatedBytes,
    // Made before the import ends (the archive's close waits for them), for the gateway to serve.
    openingPictures: config.openingPictures,
    logger: { info: () => {}, warn: console.error, error: console.error },
  });
  const tally: Tally = { stored: 0, replaced: 0, duplicate: 0, skipped: 0 };
  try {
    for (const arg of args) {
      for await (const file of walk(path.resolve(arg))) await importFile((bytes) => archive.ingest(bytes), file, tally);
    }
  } finally {
    await archive.close();
  }
  const read = tally.stored + tally.replaced + tally.duplicate;
  console.log(
    `${read + tally.skipped} files: ${tally.stored} stored, ${tally.replaced} replaced, ${tally.duplicate} already stored, ${tally.skipped} skipped (archive: ${config.dataDir})`,
  );
  return read > 0 ? 0 : 1;
}

async function importFile(
  ingest: Awaited<ReturnType<typeof openArchive>>['ingest'],
  file: string,
  tally: Tally,
): Promise<void> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch (error) {
    tally.skipped++;
    console.log(`skipped   ${file}: cannot be read (${error instanceof Error ? error.message : String(error)})`);
    return;
  }
  const outcome = await ingest(bytes);
  if (!outcome.ok) {
    tally.skipped++;
    console.log(`skipped   ${file}: ${outcome.reason}`);
    return;
  }
  const kind = outcome.duplicate ? 'duplicate' : outcome.replaced ? 'replaced' : 'stored';
  tally[kind]++;
  console.log(`${kind.padEnd(9)} ${file}`);
  for (const warning of outcome.warnings) console.log(`          warning: ${warning.reason}`);
}

/** Files under a folder, depth first in name order; a file argument is itself. */
async function* walk(target: string): AsyncGenerator<string> {
  const info = await stat(target);
  if (!info.isDirectory()) {
    yield target;
    return;
  }
  const entries = (await readdir(target, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    const full = path.join(target, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.isFile()) yield full;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError || error instanceof Error ? error.message : String(error));
    process.exit(error instanceof ConfigError ? 2 : 1);
  },
);
