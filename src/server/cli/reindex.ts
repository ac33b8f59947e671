/**
 * `npm run reindex`: rebuilds DATA_DIR/archive.sqlite from the files under DATA_DIR/archive (the
 * index is derived data). Reports counts and every file it could not index. Run it with the
 * gateway stopped; it refuses to start while another process holds DATA_DIR.
 */
import { openArchive } from '../archive/archive';
import { ConfigError, loadConfig } from '../config';

async function main(): Promise<number> {
  const config = loadConfig();
  const archive = await openArchive({
    dataDir: config.dataDir,
    maxInflatedBytes: config.maxInflatedBytes,
    logger: { info: console.log, warn: console.error, error: console.error },
  });
  let seen = 0;
  try {
    const started = Date.now();
    const report = await archive.reindex(() => {
      seen++;
      if (seen % 1000 === 0) console.log(`… ${seen} files read`);
    });
    for (const { path, reason } of report.unreadable) console.log(`unreadable ${path}: ${reason}`);
    console.log(
      `Indexed ${report.instances} instances in ${report.series} series of ${report.studies} studies from ${seen} files in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
        `${report.unreadable.length} unreadable, ${report.tempFilesRemoved} temp files removed (archive: ${config.dataDir})`,
    );
    return 0;
  } finally {
    await archive.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(error instanceof ConfigError ? 2 : 1);
  },
);
