import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { entryFiles, manifest, storeLoadableFiles } from '../test/support/corpus';
import { loadIntoOrthanc, startOrthanc } from '../test/support/orthanc';
import { ENV, wantedBackends } from './environment';
import { logDir, repoRoot, startGateway, type RunningGateway } from '../test/support/gatewayProcess';
import { runCli } from '../test/support/runCli';
import { adminEnv, E2E_RADIOLOGIST } from '../test/support/signIn';

/**
 * Starts what the specs run against, both holding the demo studies (`npm run demo`) and the
 * corpus's storeLoadable files, in parallel:
 *  - "archive": a gateway on the embedded archive in a temp DATA_DIR, filled by `npm run import`
 *    before the gateway opens it (seconds, where STOW-RS over HTTP takes much longer);
 *  - "orthanc": a throwaway Orthanc loaded through its REST API, and a gateway proxying to it.
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

  const started = Date.now();
  const demoDir = path.join(workDir, 'demo');
  await runCli('demo', 'src/server/cli/demo.ts', [demoDir], {});
  const files = [...(await dicomFilesIn(demoDir)), ...storeLoadableFiles()];
  const results = await Promise.allSettled([
    startArchive(workDir, files, stops),
    wantedBackends().includes('orthanc') ? startOrthancGateway(workDir, files, stops) : Promise.resolve(undefined),
  ]);
  const failures = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
  if (failures.length > 0) {
    await teardown();
    throw failures[0];
  }
  const [archive, orthanc] = results.map((result) => (result.status === 'fulfilled' ? result.value : undefined));
  process.env[ENV.archiveUrl] = archive!.url;
  // Cookies ignore ports: under one host name the two gateways' session cookies would replace
  // each other, so the second gateway is addressed as localhost (the same loopback socket).
  if (orthanc) process.env[ENV.orthancGatewayUrl] = orthanc.url.replace('//127.0.0.1:', '//localhost:');
  const where = [ENV.archiveUrl, ENV.orthancGatewayUrl].flatMap((name) =>
    process.env[name] ? [`${name}=${process.env[name]}`] : [],
  );
  console.log(`e2e: backends ready in ${((Date.now() - started) / 1000).toFixed(0)} s: ${where.join(' ')}`);
  return teardown;
}

async function startArchive(workDir: string, files: string[], stops: (() => Promise<void>)[]): Promise<RunningGateway> {
  const dataDir = path.join(workDir, 'archive');
  const imported = await runCli('archive-import', 'src/server/cli/import.ts', files, { DATA_DIR: dataDir });
  const skipped = new Set(imported.split('\n').flatMap((line) => /^skipped\s+(.+?): /.exec(line)?.[1] ?? []));
  const missing = requiredSeriesFiles().filter((file) => skipped.has(file));
  if (missing.length > 0)
    throw new Error(`archive: the import skipped files the specs need: ${missing.join(', ')}; see ${logDir}`);

  const gateway = await startGateway('archive', {
    ...adminEnv(),
    DATA_DIR: dataDir,
    // The archive already holds the demo studies; the gateway would only add them to an empty one.
    DEMO_STUDIES: 'false',
    // Direct-mode specs serve the app from here and reach a DICOMweb server on another loopback port.
    CSP_CONNECT_SRC: 'http://127.0.0.1:*',
  });
  stops.push(() => gateway.stop());
  await addRadiologist('archive', dataDir);
  return gateway;
}

async function startOrthancGateway(
  workDir: string,
  files: string[],
  stops: (() => Promise<void>)[],
): Promise<RunningGateway> {
  const orthanc = await startOrthanc({ startTimeoutMs: 60_000 });
  stops.push(() => orthanc.stop());
  const [report, gateway] = await Promise.all([
    loadIntoOrthanc(orthanc.restUrl, files, { concurrency: 3 }),
    startGateway('orthanc-gateway', {
      ...adminEnv(),
      DATA_DIR: path.join(workDir, 'orthanc-gateway'),
      DICOMWEB_URL: orthanc.baseUrl,
    }).then(async (gateway) => {
      stops.push(() => gateway.stop());
      await addRadiologist('orthanc-gateway', path.join(workDir, 'orthanc-gateway'));
      return gateway;
    }),
  ]);
  await writeReport('orthanc-load.json', report);
  const refused = new Set(report.rejected.map((rejection) => rejection.file));
  const missing = requiredSeriesFiles().filter((file) => refused.has(file));
  if (missing.length > 0)
    throw new Error(`orthanc: refused files the specs need: ${missing.join(', ')}; see ${logDir}`);
  return gateway;
}

/** After the gateway made its first admin from ADMIN_* (only an empty store gets one), a radiologist joins. */
async function addRadiologist(name: string, dataDir: string): Promise<void> {
  const { username, password, displayName } = E2E_RADIOLOGIST;
  await runCli(
    `${name}-user-add`,
    'src/server/cli/userAdd.ts',
    [username, '--role', 'radiologist', '--name', displayName],
    { DATA_DIR: dataDir },
    `${password}\n`,
  );
}

/** The corpus series the specs open (CT, MR, CT with SEG): a partial load would fail far from its cause. */
function requiredSeriesFiles(): string[] {
  return manifest.entries.filter((entry) => entry.type === 'series' && entry.storeLoadable).flatMap(entryFiles);
}

async function dicomFilesIn(dir: string): Promise<string[]> {
  const names = await readdir(dir, { recursive: true });
  return names
    .filter((name) => name.endsWith('.dcm'))
    .sort()
    .map((name) => path.join(dir, name));
}

async function writeReport(name: string, report: unknown): Promise<void> {
  await writeFile(path.join(logDir, name), JSON.stringify(report, null, 2));
}
