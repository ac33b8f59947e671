import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startGateway, type RunningGateway } from '../test/support/gatewayProcess';
import { runCli } from '../test/support/runCli';
import { adminEnv } from '../test/support/signIn';
import type { RunningOrthanc } from '../test/support/orthanc';
import { startOhifServer, type RunningOhifServer } from './ohifServer';
import { startOrthancWithViewer } from './orthancWithViewer';
import type { BenchStudy } from './studies';

export interface Backends {
  orthanc: RunningOrthanc;
  /** SecondRead's gateway proxying to that Orthanc (DICOMWEB_URL). */
  proxyGateway: RunningGateway;
  /** SecondRead's gateway on its embedded archive, holding the same files. */
  archiveGateway: RunningGateway;
  ohif: RunningOhifServer;
  /** Orthanc's own id of each study's series, for the Web Viewer's ?series= parameter. */
  orthancSeriesIds: Map<string, string>;
  stop(): Promise<void>;
}

/**
 * Starts everything the viewers read from, all on loopback, and loads the same files into
 * Orthanc and into the embedded archive. On any failure whatever started is stopped again.
 */
export async function startBackends(
  studies: readonly BenchStudy[],
  secondreadDist: string,
  ohifDist: string,
): Promise<Backends> {
  const workDir = await mkdtemp(path.join(tmpdir(), 'secondread-bench-'));
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    await Promise.allSettled(stops.reverse().map((each) => each()));
    await rm(workDir, { recursive: true, force: true });
  };
  try {
    const files = studies.flatMap((study) => study.files);
    const gatewayEnv = { ...adminEnv(), DEMO_STUDIES: 'false', STATIC_DIR: secondreadDist };
    const { orthanc, load } = await startOrthancWithViewer();
    stops.push(() => orthanc.stop());
    const archiveDir = path.join(workDir, 'archive');
    const [report] = await Promise.all([
      load(files),
      runCli('bench-archive-import', 'src/server/cli/import.ts', files, { DATA_DIR: archiveDir }),
    ]);
    if (report.rejected.length > 0)
      throw new Error(`Orthanc refused ${report.rejected.length} files, e.g. ${report.rejected[0]!.file}`);
    const proxyGateway = await startGateway('bench-proxy', {
      ...gatewayEnv,
      DATA_DIR: path.join(workDir, 'proxy'),
      DICOMWEB_URL: orthanc.baseUrl,
    });
    stops.push(() => proxyGateway.stop());
    const archiveGateway = await startGateway('bench-archive', { ...gatewayEnv, DATA_DIR: archiveDir });
    stops.push(() => archiveGateway.stop());
    const ohif = await startOhifServer(ohifDist, orthanc.restUrl);
    stops.push(() => ohif.stop());
    const orthancSeriesIds = new Map<string, string>();
    for (const study of studies)
      orthancSeriesIds.set(study.seriesInstanceUID, await orthancSeriesId(orthanc.restUrl, study.seriesInstanceUID));
    return { orthanc, proxyGateway, archiveGateway, ohif, orthancSeriesIds, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function orthancSeriesId(restUrl: string, seriesInstanceUID: string): Promise<string> {
  const response = await fetch(`${restUrl}/tools/lookup`, { method: 'POST', body: seriesInstanceUID });
  const found: unknown = await response.json();
  const match = Array.isArray(found) ? found.find((item: unknown) => isSeriesHit(item)) : undefined;
  if (!isSeriesHit(match)) throw new Error(`Orthanc does not know series ${seriesInstanceUID}`);
  return match.ID;
}

function isSeriesHit(value: unknown): value is { ID: string; Type: 'Series' } {
  return (
    typeof value === 'object' &&
    value !== null &&
    'ID' in value &&
    'Type' in value &&
    value.Type === 'Series' &&
    typeof value.ID === 'string'
  );
}
