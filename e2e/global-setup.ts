import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { manifest, storeLoadableFiles } from '../test/corpus';
import { loadIntoOrthanc, startOrthanc } from '../test/orthanc';
import { ENV, wantedBackends } from './environment';
import { logDir, repoRoot, startGateway, type RunningGateway } from './gatewayProcess';
import { stowFiles } from './stowFiles';

/**
 * Starts what the specs run against, in parallel:
 *  - "archive": a gateway on the embedded archive in a temp DATA_DIR, with the demo studies and
 *    the corpus's storeLoadable files stored through STOW-RS;
 *  - "orthanc": a throwaway Orthanc loaded with the same files, and a gateway proxying to it.
 * E2E_BACKENDS=archive skips Orthanc when iterating locally. Base URLs reach the specs through
 * environment variables (read by e2e/fixtures.ts); the returned function is the teardown.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync(path.join(repoRoot, 'dist', 'index.html'))) {
    throw new Error('dist/index.html is missing: run `npx vite build` before Playwright (npm test does).');
  }
  const workDir = await mkdtemp(path.join(tmpdir(), 'secondread-e2e-'));
  const stops: (() => Promise<void>)[] = [];
  const teardown = async () => {
    await Promise.allSettled(stops.reverse().map((stop) => stop()));
    await rm(workDir, { recursive: true, force: true });
  };

  const files = storeLoadableFiles();
  const started = Date.now();
  const results = await Promise.allSettled([
    startArchive(path.join(workDir, 'archive'), files, stops),
    wantedBackends().includes('orthanc') ? startOrthancGateway(path.join(workDir, 'orthanc-gateway'), files, stops) : Promise.resolve(undefined),
  ]);
  const failures = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
  if (failures.length > 0) {
    await teardown();
    throw failures[0];
  }
  const [archive, orthanc] = results.map((result) => (result.status === 'fulfilled' ? result.value : undefined));
  process.env[ENV.archiveUrl] = archive!.url;
  if (orthanc) process.env[ENV.orthancGatewayUrl] = orthanc.url;
  console.log(`e2e: backends ready in ${((Date.now() - started) / 1000).toFixed(0)} s (archive ${archive!.url}${orthanc ? `, orthanc ${orthanc.url}` : ''})`);
  return teardown;
}

async function startArchive(dataDir: string, files: string[], stops: (() => Promise<void>)[]): Promise<RunningGateway> {
  const gateway = await startGateway('archive', { DATA_DIR: dataDir, DEMO_STUDIES: 'true' });
  stops.push(gateway.stop);
  const report = await stowFiles(`${gateway.url}/dicomweb`, files);
  await writeReport('archive-stow.json', report);
  await expectStudies(`${gateway.url}/dicomweb`, 'archive');
  return gateway;
}

async function startOrthancGateway(dataDir: string, files: string[], stops: (() => Promise<void>)[]): Promise<RunningGateway> {
  const orthanc = await startOrthanc({ startTimeoutMs: 60_000 });
  stops.push(orthanc.stop);
  const [report, gateway] = await Promise.all([
    loadIntoOrthanc(orthanc.restUrl, files, { concurrency: 3 }),
    startGateway('orthanc-gateway', { DATA_DIR: dataDir, DICOMWEB_URL: orthanc.baseUrl }).then((gateway) => {
      stops.push(gateway.stop);
      return gateway;
    }),
  ]);
  await writeReport('orthanc-load.json', report);
  await expectStudies(`${gateway.url}/dicomweb`, 'orthanc');
  return gateway;
}

/** The series the specs depend on must be searchable; a partial load would fail far from its cause. */
async function expectStudies(dicomwebUrl: string, name: string): Promise<void> {
  const required = manifest.entries.filter((entry) => entry.type === 'series' && entry.storeLoadable && entry.studyInstanceUID);
  for (const entry of required) {
    const response = await fetch(`${dicomwebUrl}/studies?StudyInstanceUID=${entry.studyInstanceUID}`, { headers: { accept: 'application/dicom+json' } });
    const body: unknown = response.status === 204 ? [] : await response.json();
    if (!response.ok || !Array.isArray(body) || body.length !== 1) {
      throw new Error(`${name}: the study of ${entry.path} is not searchable after loading (HTTP ${response.status}); see ${logDir}`);
    }
  }
}

async function writeReport(name: string, report: unknown): Promise<void> {
  await writeFile(path.join(logDir, name), JSON.stringify(report, null, 2));
}
