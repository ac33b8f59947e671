// `npm run bench [-- --quick]`: SecondRead against OHIF and Orthanc's Web Viewer on the same
// Orthanc, in headless Debian Chromium; see bench/README.md for what each figure means.
import { execFileSync } from 'node:child_process';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { repoRoot } from '../test/support/gatewayProcess';
import { sessionCookie } from '../test/support/signIn';
import { startBackends, type Backends } from './backends';
import { measureGateway, type ThroughputPass } from './gatewayThroughput';
import { ohifBuild } from './ohifPackage';
import { runArchiveScale } from './archiveScale';
import { parseOptions, USAGE } from './options';
import { checkTargets, gatewayTable, networkTargets, targetsTable, viewerTable } from './report';
import { buildSecondRead } from './secondreadBuild';
import { benchStudies } from './studies';
import { NETWORK_PROFILES, startThrottleRelay, type ThrottleRelay } from './throttleRelay';
import { measureRun, type RunMetrics } from './viewerRun';
import { viewerOrigins, viewerTargets } from './viewers';

const CACHE_DIR = path.join(repoRoot, 'bench', '.cache');
const RESULTS_DIR = path.join(repoRoot, 'bench', 'results');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8' }).trim();
}

async function writeAtomically(file: string, text: string): Promise<void> {
  await writeFile(`${file}.tmp`, text);
  await rename(`${file}.tmp`, file);
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  if ('problems' in options) {
    for (const problem of options.problems) console.error(`bench: ${problem}`);
    console.error(USAGE);
    return 2;
  }
  if (options.archiveScale !== undefined) {
    const markdown = await runArchiveScale(options.archiveScale);
    const date = new Date().toISOString().replace(/:/g, '-').replace(/\..*$/, '');
    await mkdir(RESULTS_DIR, { recursive: true });
    await writeAtomically(path.join(RESULTS_DIR, `${date}-archive-scale-${options.archiveScale}.md`), markdown);
    console.log(`\n${markdown}\nbench: wrote bench/results/${date}-archive-scale-${options.archiveScale}.md`);
    return 0;
  }
  const loadBefore = loadavg();
  console.log(
    `bench: preparing (load average ${loadBefore.map((value) => value.toFixed(2)).join(' ')} on ${cpus().length} cores)`,
  );
  const [loaded, secondreadDist, ohif] = await Promise.all([
    benchStudies(CACHE_DIR, options.quick ? ['ct140'] : (options.studies ?? [])),
    buildSecondRead(CACHE_DIR, options.reuseBuild),
    ohifBuild(CACHE_DIR, options.ohifVersion),
  ]);

  // Viewers open the studies asked for; the CT is there for the gateway test either way.
  const studies =
    options.studies && !options.quick ? loaded.filter((study) => options.studies!.includes(study.key)) : loaded;
  let backends: Backends | undefined;
  const links = new Map<string, ThrottleRelay>();
  const profile = NETWORK_PROFILES[options.network];
  const stopAll = async () => {
    await Promise.allSettled([...links.values()].map((link) => link.close()));
    await backends?.stop();
  };
  // Ctrl-C: stop what was started, by PID, before leaving.
  const onSignal = () => void stopAll().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const runs: RunMetrics[] = [];
  let gateway: ThroughputPass[] = [];
  let chromiumVersion = '';
  try {
    backends = await startBackends(loaded, secondreadDist, ohif.distDir);
    // Every origin a viewer's page talks to sits behind its own relay with the same profile (one viewer runs at a time).
    if (profile)
      for (const origin of viewerOrigins(backends)) links.set(origin, await startThrottleRelay(origin, profile));
    const targets = viewerTargets(backends, links);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    chromiumVersion = browser.version();
    try {
      for (let round = 1; round <= options.runs; round++) {
        for (const study of studies) {
          for (const target of targets) {
            const run = await measureRun(browser, target, study, {
              firstImageTimeoutMs: 60_000,
              loadTimeoutMs: 180_000,
              quietMs: 2_000,
              scrollSteps: study.images - 1,
            });
            runs.push(run);
            const ms = (value: number | null) => (value === null ? '—' : `${value.toFixed(0)} ms`);
            const kib =
              run.bytesBeforeFirstImage === null ? '—' : `${(run.bytesBeforeFirstImage / 1024).toFixed(0)} KiB`;
            console.log(
              `bench: ${round}/${options.runs} ${study.key} ${target.key}: first image ${ms(run.firstImageMs)}, full quality ${ms(run.firstFullQualityMs)}, loaded ${ms(run.seriesLoadedMs)}, ${kib} before the first image${run.error ? `, error: ${run.error}` : ''}`,
            );
          }
        }
      }
    } finally {
      await browser.close();
    }
    // The gateway figures are loopback ones (wave 1's targets): measured in the lan run only.
    if (!profile) {
      const ct = loaded.find((study) => study.key === 'ct140')!;
      const cookie = { cookie: await sessionCookie(backends.proxyGateway.url) };
      const archiveCookie = { cookie: await sessionCookie(backends.archiveGateway.url) };
      gateway = await measureGateway(
        [
          { key: 'orthanc-direct', root: backends.orthanc.baseUrl, headers: {} },
          { key: 'gateway-proxy', root: `${backends.proxyGateway.url}/dicomweb`, headers: cookie },
          { key: 'gateway-archive', root: `${backends.archiveGateway.url}/dicomweb`, headers: archiveCookie },
        ],
        ct,
        options.gatewayPasses,
        options.concurrency,
      );
    }
  } finally {
    await stopAll();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }

  const loadAfter = loadavg();
  const date = new Date().toISOString().replace(/:/g, '-').replace(/\..*$/, '');
  const targetChecks = checkTargets(runs, studies, gateway);
  const linkChecks = profile ? networkTargets(runs, studies, options.network, profile) : [];
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? '',
    loadavgBefore: loadBefore,
    loadavgAfter: loadAfter,
    node: process.version,
    chromium: chromiumVersion,
  };
  const source = { commit: git('rev-parse', 'HEAD'), dirty: git('status', '--porcelain').length > 0 };
  const table = viewerTable(runs, studies);
  const markdown = [
    `# Benchmark ${date}${options.quick ? ' (quick)' : ''}${profile ? ` — ${options.network}` : ''}`,
    '',
    profile
      ? `Network: ${options.network}, ${profile.downBitsPerSecond / 1e6}/${profile.upBitsPerSecond / 1e6} Mbit/s down/up, ${profile.roundTripMs} ms round trip, through a throttling relay in front of every server (bench/throttleRelay.ts); bytes before the first image counted there.`
      : 'Network: lan (loopback, no throttling).',
    '',
    `Commit ${source.commit.slice(0, 12)}${source.dirty ? ' with uncommitted changes' : ''}; OHIF ${ohif.version}; Chromium ${chromiumVersion}; ${machine.cpus} cores;`,
    `load average ${loadBefore.map((value) => value.toFixed(2)).join(' ')} before, ${loadAfter.map((value) => value.toFixed(2)).join(' ')} after` +
      (loadBefore[0]! > machine.cpus / 2 ? ' — the machine was busy, so timings are noisy.' : '.'),
    `${options.runs} run(s) per viewer and study, alternating viewers; median (min–max). Ratios: SecondRead through the proxy / peer (same Orthanc).`,
    '',
    table,
    '',
    ...(profile ? [] : [gatewayTable(gateway), '']),
    ...(profile
      ? [
          `Targets on ${options.network} (issue 13):`,
          '',
          targetsTable(linkChecks, 'Measured (median ratio, per study)'),
          '',
        ]
      : []),
    ...(profile ? ['Loopback targets (issue 5), for reference:', ''] : []),
    targetsTable(targetChecks),
    '',
    'How each figure is measured: bench/README.md.',
    '',
  ].join('\n');
  await mkdir(RESULTS_DIR, { recursive: true });
  const json = {
    date,
    quick: options.quick,
    options,
    machine,
    source,
    ohifVersion: ohif.version,
    studies: studies.map(({ files, ...study }) => ({ ...study, files: files.length })),
    runs,
    gateway,
    targets: targetChecks,
    networkTargets: linkChecks,
  };
  const stem = profile ? `${date}-${options.network}` : date;
  await writeAtomically(path.join(RESULTS_DIR, `${stem}.json`), `${JSON.stringify(json, null, 2)}\n`);
  await writeAtomically(path.join(RESULTS_DIR, `${stem}.md`), markdown);
  console.log(`\n${markdown}\nbench: wrote bench/results/${stem}.json and .md`);
  return 0;
}

process.exitCode = await main();
