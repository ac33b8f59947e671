import type { Browser, CDPSession } from '@playwright/test';
import { recordNetwork, type NetworkLog } from './networkLog';
import { installProbe, waitForProbe } from './pageProbe';
import { rendererPssBytes } from './processMemory';
import { scrollThrough, type ScrollResult } from './scroll';
import type { BenchStudy } from './studies';
import type { ViewerTarget } from './viewers';

/** One viewer opening one study in a fresh browser context. Times are ms from navigation start. */
export interface RunMetrics {
  viewer: ViewerTarget['key'];
  study: BenchStudy['key'];
  firstImageMs: number | null;
  /** The first image at the viewer's final quality: SecondRead once its preview badge is gone; the first image for the others. */
  firstFullQualityMs: number | null;
  /** Every image of the series loaded (and, for SecondRead, decoded); null when the viewer never fetches them all. */
  seriesLoadedMs: number | null;
  loadedBy: 'viewer indicator' | 'last image response' | 'not all images fetched';
  imagesFetched: number;
  /** Bytes the server sent before the first image: counted at the throttling relay, else by Chromium (headers + bodies). */
  bytesBeforeFirstImage: number | null;
  bytesCountedBy: 'relay' | 'browser';
  /** Bytes of the pixel-data responses (headers + bodies, Chromium's count): what the link must carry for the series. */
  imageBytes: number;
  jsBytesBeforeFirstImage: number | null;
  wasmBytesBeforeFirstImage: number | null;
  peakJsHeapBytes: number;
  peakRendererPssBytes: number;
  scroll: ScrollResult | null;
  /** Where the time to the first image went, for profiling misses. */
  phases: {
    lastScriptBeforeFirstImageMs: number | null;
    firstMetadataMs: number | null;
    firstImageResponseMs: number | null;
  };
  /** Every request that started before the first image: what the viewer waited for. */
  timeline: { path: string; kind: string; startMs: number; endMs: number; bytes: number }[];
  error?: string;
}

interface RunOptions {
  firstImageTimeoutMs: number;
  loadTimeoutMs: number;
  /** Network quiet this long (nothing in flight) counts as "the viewer stopped fetching". */
  quietMs: number;
  scrollSteps: number;
}

const METADATA_REQUEST = /\/metadata(\?|$)|\/instances\?|\/series\?|\/web-viewer\/series\//;

async function sampleMemory(cdp: CDPSession, peak: { heap: number; rss: number }): Promise<void> {
  const [metrics, rss] = await Promise.all([
    cdp.send('Performance.getMetrics').catch(() => ({ metrics: [] })),
    rendererPssBytes(),
  ]);
  const heap = metrics.metrics.find((metric) => metric.name === 'JSHeapUsedSize')?.value ?? 0;
  peak.heap = Math.max(peak.heap, heap);
  peak.rss = Math.max(peak.rss, rss);
}

async function waitForQuiet(network: NetworkLog, quietMs: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !(network.inFlight() <= 0 && Date.now() - network.lastActivityWallMs() >= quietMs)) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function measureRun(
  browser: Browser,
  target: ViewerTarget,
  study: BenchStudy,
  options: RunOptions,
): Promise<RunMetrics> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, serviceWorkers: 'block' });
  const peak = { heap: 0, rss: 0 };
  const metrics: RunMetrics = {
    viewer: target.key,
    study: study.key,
    firstImageMs: null,
    firstFullQualityMs: null,
    seriesLoadedMs: null,
    loadedBy: 'not all images fetched',
    imagesFetched: 0,
    bytesBeforeFirstImage: null,
    bytesCountedBy: target.link ? 'relay' : 'browser',
    imageBytes: 0,
    jsBytesBeforeFirstImage: null,
    wasmBytesBeforeFirstImage: null,
    peakJsHeapBytes: 0,
    peakRendererPssBytes: 0,
    scroll: null,
    phases: { lastScriptBeforeFirstImageMs: null, firstMetadataMs: null, firstImageResponseMs: null },
    timeline: [],
  };
  let sampler: ReturnType<typeof setInterval> | undefined;
  try {
    await target.prepare(context);
    await installProbe(context, target.progressSelector?.(study), target.partialSelector);
    const network = recordNetwork(context, target.imageRequest);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Performance.enable');
    sampler = setInterval(() => void sampleMemory(cdp, peak), 250);

    // The relay serves one viewer at a time: what it delivers from here on is this run's.
    const runStartWallMs = Date.now();
    await page.goto(target.url(study), { waitUntil: 'commit' });
    const first = await waitForProbe(page, (state) => state.firstImageMs !== null, options.firstImageTimeoutMs);
    metrics.firstImageMs = first?.firstImageMs ?? null;
    if (metrics.firstImageMs === null) throw new Error(`no image on screen within ${options.firstImageTimeoutMs} ms`);

    const fullQuality = await waitForProbe(page, (state) => state.fullQualityMs !== null, options.loadTimeoutMs);
    metrics.firstFullQualityMs = fullQuality?.fullQualityMs ?? null;
    const loaded = target.progressSelector
      ? await waitForProbe(page, (state) => state.loadedMs !== null, options.loadTimeoutMs, 100)
      : undefined;
    await waitForQuiet(network, options.quietMs, options.loadTimeoutMs);
    await network.settle();
    const timeOrigin = Number(await page.evaluate('performance.timeOrigin'));
    const sinceStart = (wallMs: number) => wallMs - timeOrigin;
    const firstImageWall = timeOrigin + metrics.firstImageMs;
    const before = network.finished.filter((request) => request.endWallMs <= firstImageWall);
    metrics.bytesBeforeFirstImage = target.link
      ? target.link.bytesDown(runStartWallMs, firstImageWall)
      : before.reduce((sum, request) => sum + request.bytes, 0);
    metrics.jsBytesBeforeFirstImage = before
      .filter((request) => request.kind === 'js')
      .reduce((sum, request) => sum + request.bytes, 0);
    metrics.wasmBytesBeforeFirstImage = before
      .filter((request) => request.kind === 'wasm')
      .reduce((sum, request) => sum + request.bytes, 0);
    const scripts = before
      .filter((request) => request.kind === 'js' || request.kind === 'wasm')
      .map((request) => request.endWallMs);
    metrics.phases.lastScriptBeforeFirstImageMs = scripts.length > 0 ? sinceStart(Math.max(...scripts)) : null;
    const metadataEnds = network.finished
      .filter((request) => METADATA_REQUEST.test(request.url))
      .map((request) => request.endWallMs);
    metrics.phases.firstMetadataMs = metadataEnds.length > 0 ? sinceStart(Math.min(...metadataEnds)) : null;
    const imageEnds = network.finished
      .filter((request) => request.kind === 'image')
      .map((request) => request.endWallMs);
    metrics.phases.firstImageResponseMs = imageEnds.length > 0 ? sinceStart(Math.min(...imageEnds)) : null;
    metrics.timeline = network.finished
      .filter((request) => request.startWallMs <= firstImageWall)
      .sort((a, b) => a.startWallMs - b.startWallMs)
      .map((request) => ({
        path: new URL(request.url).pathname.slice(0, 160),
        kind: request.kind,
        startMs: Math.round(sinceStart(request.startWallMs)),
        endMs: Math.round(sinceStart(request.endWallMs)),
        bytes: request.bytes,
      }));
    metrics.imageBytes = network.finished
      .filter((request) => request.kind === 'image')
      .reduce((sum, request) => sum + request.bytes, 0);
    metrics.imagesFetched = new Set(
      network.finished.filter((request) => request.kind === 'image').map((request) => request.url),
    ).size;
    if (loaded?.loadedMs != null) {
      metrics.seriesLoadedMs = loaded.loadedMs;
      metrics.loadedBy = 'viewer indicator';
    } else if (metrics.imagesFetched >= study.images) {
      metrics.seriesLoadedMs = sinceStart(Math.max(...imageEnds));
      metrics.loadedBy = 'last image response';
    }

    metrics.scroll = await scrollThrough(page, target, options.scrollSteps);
    await sampleMemory(cdp, peak);
  } catch (error) {
    metrics.error = error instanceof Error ? error.message : String(error);
  } finally {
    clearInterval(sampler);
    metrics.peakJsHeapBytes = peak.heap;
    metrics.peakRendererPssBytes = peak.rss;
    await context.close();
  }
  return metrics;
}
