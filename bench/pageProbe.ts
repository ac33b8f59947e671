import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';

/** What bench/pageProbe.browser.js keeps on window.__benchProbe (ms since navigation start). */
interface ProbeState {
  firstImageMs: number | null;
  /** The first image once no preview marker shows (the viewer's final quality); firstImageMs for viewers without one. */
  fullQualityMs: number | null;
  progressSeenMs: number | null;
  loadedMs: number | null;
  watching: boolean;
  changes: number;
  lastChangeMs: number | null;
  sampleErrors: number;
  samples: number;
  sampleMs: number;
}

const PROBE_SCRIPT = path.join(import.meta.dirname, 'pageProbe.browser.js');

export async function installProbe(
  context: BrowserContext,
  progressSelector: string | undefined,
  partialSelector?: string,
): Promise<void> {
  await context.addInitScript({
    content: `window.__benchProbeConfig = ${JSON.stringify({ progressSelector, partialSelector })};`,
  });
  await context.addInitScript({ path: PROBE_SCRIPT });
}

function isProbeState(value: unknown): value is ProbeState {
  return typeof value === 'object' && value !== null && 'firstImageMs' in value && 'changes' in value;
}

/** The probe's state; a string expression, because tsx's helpers do not exist inside the page. */
async function readProbe(page: Page): Promise<ProbeState | undefined> {
  const state: unknown = await page
    .evaluate('window.__benchProbe ? { ...window.__benchProbe } : null')
    .catch(() => null);
  return isProbeState(state) ? state : undefined;
}

/** Polls the probe until `done` holds or the time is up; the last state either way. */
export async function waitForProbe(
  page: Page,
  done: (state: ProbeState) => boolean,
  timeoutMs: number,
  everyMs = 50,
): Promise<ProbeState | undefined> {
  const deadline = Date.now() + timeoutMs;
  let state = await readProbe(page);
  while (!(state && done(state)) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, everyMs));
    state = await readProbe(page);
  }
  return state;
}
