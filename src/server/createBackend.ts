import type { Config } from './config';
import type { DicomwebBackend } from './dicomweb/backend';
import { openArchive } from './archive/archive';
import { createHtj2kEncoder } from './htj2k/encoder';
import { createProxyBackend } from './proxy/proxyBackend';
import { openTranscodeCache } from './proxy/transcodeCache';
import { generateDemoStudies } from './demo';

/** The upstream proxy when DICOMWEB_URL is set, else the embedded archive (seeded with demo studies when empty). */
export async function createBackend(config: Config): Promise<DicomwebBackend> {
  if (config.dicomwebUrl !== undefined) {
    return createProxyBackend({
      url: config.dicomwebUrl,
      user: config.dicomwebUser,
      password: config.dicomwebPassword,
      token: config.dicomwebToken,
      // HTJ2K_RENDITIONS is the one switch for HTJ2K: the archive's renditions, the proxy's transcoding.
      transcode: config.htj2kRenditions
        ? {
            encoder: createHtj2kEncoder({ workers: config.encodeWorkers }),
            cache: await openTranscodeCache({ dir: config.transcodeCacheDir, maxBytes: config.transcodeCacheBytes }),
          }
        : undefined,
    });
  }
  const archive = await openArchive({
    dataDir: config.dataDir,
    maxInflatedBytes: config.maxInflatedBytes,
    searchDeadlineMs: config.qidoDeadlineMs,
    searchWorkers: config.qidoWorkers,
    htj2kEncoder: config.htj2kRenditions ? createHtj2kEncoder({ workers: config.encodeWorkers }) : undefined,
    startSearchWorkers: true,
    openingPictures: config.openingPictures,
  });
  if (config.demoStudies && archive.instanceCount() === 0) {
    for (const { file } of generateDemoStudies()) {
      const outcome = await archive.ingest(file);
      if (!outcome.ok) throw new Error(`Demo study could not be stored: ${outcome.reason}`);
    }
  }
  return archive;
}
