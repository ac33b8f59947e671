import type { Config } from './config';
import type { DicomwebBackend } from './dicomweb/backend';
import { openArchive } from './archive/archive';
import { createProxyBackend } from './proxy/proxyBackend';
import { generateDemoStudies } from './demo';

/** The upstream proxy when DICOMWEB_URL is set, else the embedded archive (seeded with demo studies when empty). */
export async function createBackend(config: Config): Promise<DicomwebBackend> {
  if (config.dicomwebUrl !== undefined) {
    return createProxyBackend({
      url: config.dicomwebUrl,
      user: config.dicomwebUser,
      password: config.dicomwebPassword,
      token: config.dicomwebToken,
    });
  }
  const archive = await openArchive({
    dataDir: config.dataDir,
    maxInflatedBytes: config.maxInflatedBytes,
    searchDeadlineMs: config.qidoDeadlineMs,
    searchWorkers: config.qidoWorkers,
  });
  if (config.demoStudies && archive.instanceCount() === 0) {
    for (const { file } of generateDemoStudies()) {
      const outcome = await archive.ingest(file);
      if (!outcome.ok) throw new Error(`Demo study could not be stored: ${outcome.reason}`);
    }
  }
  return archive;
}
