import type { Page } from '@playwright/test';
import type { ViewerTarget } from './viewers';

export interface ScrollResult {
  /** Key presses whose new image reached the screen. */
  painted: number;
  /** Key presses after which the picture did not change within the step timeout. */
  unpainted: number;
  /** Painted images per second over the whole walk, end-of-stack turns included (page clock). */
  imagesPerSecond: number | null;
  /** Longest key-press-to-new-picture time of a painted step (ms). */
  longestStallMs: number | null;
  /** What reading the pixels cost per frame during the walk (ms), part of every step's time. */
  probeMsPerFrame: number;
}

const STEP_TIMEOUT_MS = 1_000;

interface PageScroll {
  latencies: number[];
  unpainted: number;
  spanMs: number;
  probeMsPerFrame: number;
}

function isPageScroll(value: unknown): value is PageScroll {
  return (
    typeof value === 'object' &&
    value !== null &&
    'latencies' in value &&
    Array.isArray(value.latencies) &&
    'spanMs' in value
  );
}

/**
 * Steps through the series one image per key press with bench/pageProbe.browser.js's
 * __benchScroll: a step counts once the page shows a different picture.
 */
export async function scrollThrough(page: Page, target: ViewerTarget, steps: number): Promise<ScrollResult> {
  await target.focus(page);
  const result: unknown = await page.evaluate(
    `window.__benchScroll(${steps}, ${JSON.stringify(target.nextKey)}, ${JSON.stringify(target.previousKey)}, ${STEP_TIMEOUT_MS})`,
  );
  if (!isPageScroll(result)) throw new Error('the page probe returned no scroll result');
  const painted = result.latencies.length;
  return {
    painted,
    unpainted: result.unpainted,
    imagesPerSecond: painted > 0 && result.spanMs > 0 ? (painted / result.spanMs) * 1000 : null,
    longestStallMs: painted > 0 ? Math.max(...result.latencies) : null,
    probeMsPerFrame: result.probeMsPerFrame,
  };
}
