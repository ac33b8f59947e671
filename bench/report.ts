import type { ThroughputPass } from './gatewayThroughput';
import { FIGURES } from './figures';
import { summarize, type Summary } from './stats';
import type { BenchStudy } from './studies';
import type { LinkProfile, NetworkName } from './throttleRelay';
import type { RunMetrics } from './viewerRun';
import type { ViewerKey } from './viewers';

interface TargetCheck {
  target: string;
  /** e.g. "0.42× (ct140)", one per study where it applies. */
  measured: string;
  met: boolean | null;
}

const COLUMNS: readonly { key: ViewerKey; title: string }[] = [
  { key: 'secondread-proxy', title: 'SecondRead (proxy)' },
  { key: 'secondread-archive', title: 'SecondRead (archive)' },
  { key: 'ohif', title: 'OHIF' },
  { key: 'orthanc-webviewer', title: 'Orthanc Web Viewer' },
  { key: 'orthanc-webviewer-lossless', title: 'Orthanc WV lossless' },
];

const format = (value: number) => (Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(1));
const cell = (summary: Summary | undefined) =>
  summary === undefined
    ? '—'
    : summary.n === 1
      ? format(summary.median)
      : `${format(summary.median)} (${format(summary.min)}–${format(summary.max)})`;
const ratio = (ours: Summary | undefined, theirs: Summary | undefined) =>
  ours && theirs && theirs.median !== 0 ? ours.median / theirs.median : undefined;
const ratioCell = (value: number | undefined) => (value === undefined ? '—' : `${value.toFixed(2)}×`);

function figureSummary(
  runs: readonly RunMetrics[],
  study: BenchStudy['key'],
  viewer: ViewerKey,
  figure: (typeof FIGURES)[number],
): Summary | undefined {
  return summarize(
    runs.filter((run) => run.study === study && run.viewer === viewer && !run.error).map((run) => figure.value(run)),
  );
}

/** The one table: medians (min–max) per viewer, and SecondRead (proxy) / peer ratios. */
export function viewerTable(runs: readonly RunMetrics[], studies: readonly BenchStudy[]): string {
  const header = `| Study | Figure | ${COLUMNS.map((column) => column.title).join(' | ')} | SR/OHIF | SR/Orthanc WV | SR/Orthanc WV lossless |`;
  const rule = `|${' --- |'.repeat(COLUMNS.length + 5)}`;
  const rows = studies.flatMap((study) =>
    FIGURES.map((figure) => {
      const summaries = COLUMNS.map((column) => figureSummary(runs, study.key, column.key, figure));
      const [ours, , ohif, orthanc, lossless] = figure.ratio ? summaries : [];
      return `| ${study.label} | ${figure.label} | ${summaries.map(cell).join(' | ')} | ${ratioCell(ratio(ours, ohif))} | ${ratioCell(ratio(ours, orthanc))} | ${ratioCell(ratio(ours, lossless))} |`;
    }),
  );
  return [header, rule, ...rows].join('\n');
}

export function gatewayTable(passes: readonly ThroughputPass[]): string {
  const paths = ['orthanc-direct', 'gateway-proxy', 'gateway-archive'] as const;
  const direct = passes.filter((pass) => pass.path === 'orthanc-direct');
  const rows = paths.map((path) => {
    const mine = passes.filter((pass) => pass.path === path);
    const fps = summarize(mine.map((pass) => pass.framesPerSecond));
    const fpsRatio = ratio(fps, summarize(direct.map((pass) => pass.framesPerSecond)));
    return `| ${path} | ${cell(fps)} | ${cell(summarize(mine.map((pass) => pass.p50Ms)))} | ${cell(summarize(mine.map((pass) => pass.p99Ms)))} | ${ratioCell(fpsRatio)} | ${mine.reduce((sum, pass) => sum + pass.failures, 0)} |`;
  });
  return [
    '| Frames of the 140-slice CT via | frames/s | p50 (ms) | p99 (ms) | frames/s vs direct | failed |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

function medianOf(
  runs: readonly RunMetrics[],
  study: BenchStudy['key'],
  viewer: ViewerKey,
  key: string,
): number | undefined {
  const figure = FIGURES.find((candidate) => candidate.key === key)!;
  return figureSummary(runs, study, viewer, figure)?.median;
}

function perStudyRatio(
  runs: readonly RunMetrics[],
  studies: readonly BenchStudy[],
  key: string,
  peer: ViewerKey,
  limit: number,
  name: string,
): TargetCheck {
  const parts = studies.map((study) => {
    const ours = medianOf(runs, study.key, 'secondread-proxy', key);
    const theirs = medianOf(runs, study.key, peer, key);
    return { study: study.key, value: ours !== undefined && theirs ? ours / theirs : undefined };
  });
  const known = parts.filter((part) => part.value !== undefined);
  return {
    target: name,
    measured: parts
      .map((part) => `${part.value === undefined ? 'n/a' : `${part.value.toFixed(2)}×`} (${part.study})`)
      .join(', '),
    met: known.length === 0 ? null : known.every((part) => part.value! <= limit),
  };
}

/** The issue's targets, checked against this run's medians (SecondRead through the proxy, as the peers read the same Orthanc). */
export function checkTargets(
  runs: readonly RunMetrics[],
  studies: readonly BenchStudy[],
  passes: readonly ThroughputPass[],
): TargetCheck[] {
  const ours = runs.filter((run) => run.viewer.startsWith('secondread') && !run.error);
  const checks = [
    perStudyRatio(runs, studies, 'firstImageMs', 'ohif', 0.5, 'Time to first image ≤ 0.5× OHIF, every study'),
    perStudyRatio(
      runs,
      studies,
      'firstImageMs',
      'orthanc-webviewer',
      1.0,
      "Time to first image ≤ 1.0× Orthanc Web Viewer's, every study",
    ),
    perStudyRatio(runs, studies, 'seriesLoadedMs', 'ohif', 0.7, 'Whole series loaded ≤ 0.7× OHIF'),
    perStudyRatio(runs, studies, 'jsWasmKiB', 'ohif', 0.25, 'JS+WASM before first image ≤ 0.25× OHIF'),
  ];
  const big = ours.filter((run) => run.study === 'ct500');
  const peakMiB = big.length > 0 ? Math.max(...big.map((run) => run.peakRendererPssBytes)) / 1024 / 1024 : undefined;
  checks.push({
    target: '500-slice CT loads with the tab under 1.5 GB',
    measured: peakMiB === undefined ? 'not measured (--quick)' : `${peakMiB.toFixed(0)} MiB peak renderer PSS`,
    met: peakMiB === undefined ? null : peakMiB <= 1536,
  });
  const scrolled = ours.filter((run) => run.scroll !== null);
  const unpainted = scrolled.reduce((sum, run) => sum + (run.scroll?.unpainted ?? 0), 0);
  const stall = scrolled.length > 0 ? Math.max(...scrolled.map((run) => run.scroll?.longestStallMs ?? 0)) : undefined;
  checks.push({
    target: 'Scroll: every image painted, no stall over 100 ms once loaded',
    measured:
      stall === undefined ? 'not measured' : `${unpainted} unpainted, longest stall ${stall.toFixed(0)} ms (worst run)`,
    met: stall === undefined ? null : unpainted === 0 && stall <= 100,
  });
  const fps = (path: ThroughputPass['path']) =>
    summarize(passes.filter((pass) => pass.path === path).map((pass) => pass.framesPerSecond));
  const p99 = (path: ThroughputPass['path']) =>
    summarize(passes.filter((pass) => pass.path === path).map((pass) => pass.p99Ms));
  const fpsRatio = ratio(fps('gateway-proxy'), fps('orthanc-direct'));
  checks.push({
    target: "Gateway ≥ 0.9× Orthanc's direct frame throughput",
    measured: ratioCell(fpsRatio),
    met: fpsRatio === undefined ? null : fpsRatio >= 0.9,
  });
  const added =
    p99('gateway-proxy') && p99('orthanc-direct')
      ? p99('gateway-proxy')!.median - p99('orthanc-direct')!.median
      : undefined;
  checks.push({
    target: 'Gateway p99 added latency ≤ 5 ms',
    measured: added === undefined ? '—' : `${added.toFixed(1)} ms`,
    met: added === undefined ? null : added <= 5,
  });
  return checks;
}

export function targetsTable(checks: readonly TargetCheck[], measured = 'Measured (SecondRead via proxy)'): string {
  const mark = (met: boolean | null) => (met === null ? 'not measured' : met ? 'met' : 'MISSED');
  return [
    `| Target | ${measured} | |`,
    '| --- | --- | --- |',
    ...checks.map((check) => `| ${check.target} | ${check.measured} | ${mark(check.met)} |`),
  ].join('\n');
}

/** SecondRead's median of one figure, over a peer's median of another (or a constant), per study. */
function ratioCheck(
  runs: readonly RunMetrics[],
  studies: readonly BenchStudy[],
  target: string,
  limit: number,
  ours: { viewer: ViewerKey; key: string },
  theirs: { viewer: ViewerKey; key: string } | ((study: BenchStudy) => number | undefined),
  unit: (value: number) => string = (value) => `${value.toFixed(2)}×`,
): TargetCheck {
  const parts = studies.map((study) => {
    const mine = medianOf(runs, study.key, ours.viewer, ours.key);
    const base = typeof theirs === 'function' ? theirs(study) : medianOf(runs, study.key, theirs.viewer, theirs.key);
    return { study: study.key, value: mine !== undefined && base ? mine / base : undefined };
  });
  const known = parts.filter((part) => part.value !== undefined);
  return {
    target,
    measured: parts.map((part) => `${part.value === undefined ? 'n/a' : unit(part.value)} (${part.study})`).join(', '),
    met: known.length === 0 ? null : known.every((part) => part.value! <= limit),
  };
}

/** Issue 13's targets for a throttled link, from this run's medians. */
export function networkTargets(
  runs: readonly RunMetrics[],
  studies: readonly BenchStudy[],
  network: NetworkName,
  profile: LinkProfile,
): TargetCheck[] {
  const archive = (key: string) => ({ viewer: 'secondread-archive' as const, key });
  const proxy = (key: string) => ({ viewer: 'secondread-proxy' as const, key });
  const orthancFirst = { viewer: 'orthanc-webviewer' as const, key: 'firstImageMs' };
  // The link's floor for the whole series: the pixel data the archive sent, at the link's rate.
  const floorMs = (study: BenchStudy) => {
    const mib = medianOf(runs, study.key, 'secondread-archive', 'imageMiB');
    return mib === undefined ? undefined : ((mib * 1024 * 1024 * 8) / profile.downBitsPerSecond) * 1000;
  };
  const absolute = (value: number) => () => value;
  if (network === 'broadband')
    return [
      ratioCheck(
        runs,
        studies,
        "Archive: first image ≤ 0.5× Orthanc Web Viewer's",
        0.5,
        archive('firstImageMs'),
        orthancFirst,
      ),
      ratioCheck(
        runs,
        studies,
        "Archive: first full-quality image ≤ 1.0× Orthanc Web Viewer's first image",
        1.0,
        archive('firstFullQualityMs'),
        orthancFirst,
      ),
      ratioCheck(
        runs,
        studies,
        "Archive: all slices ≤ 1.3× the link's floor (pixel bytes ÷ bandwidth)",
        1.3,
        archive('seriesLoadedMs'),
        floorMs,
      ),
      ratioCheck(
        runs,
        studies,
        "Proxy: first image ≤ 1.0× Orthanc Web Viewer's",
        1.0,
        proxy('firstImageMs'),
        orthancFirst,
      ),
      ratioCheck(runs, studies, "Proxy: all slices ≤ 0.5× OHIF's", 0.5, proxy('seriesLoadedMs'), {
        viewer: 'ohif',
        key: 'seriesLoadedMs',
      }),
    ];
  if (network === '4g') {
    const ms = (value: number) => `${(value * 1500).toFixed(0)} ms`;
    const mb = (value: number) => `${((value * 1.2e6) / 1e6).toFixed(2)} MB`;
    return (['secondread-archive', 'secondread-proxy'] as const).flatMap((viewer) => [
      ratioCheck(
        runs,
        studies,
        `${viewer}: first image ≤ 1.5 s`,
        1,
        { viewer, key: 'firstImageMs' },
        absolute(1500),
        ms,
      ),
      ratioCheck(
        runs,
        studies,
        `${viewer}: bytes before the first image ≤ 1.2 MB`,
        1,
        { viewer, key: 'bytesBeforeFirstImageKiB' },
        absolute(1.2e6 / 1024),
        mb,
      ),
    ]);
  }
  return [];
}
