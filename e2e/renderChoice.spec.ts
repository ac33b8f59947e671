import type { Page } from '@playwright/test';
import { manifest } from '../test/support/corpus';
import { expect, test } from './fixtures';
import { ViewerPage } from './support/viewerPage';

const CT_SERIES = manifest.entries.find((entry) => entry.path === 'series/ct-philips-head-phantom-1mm/')!;

/** Counts draw calls by path: WebGL draws (Cornerstone's GPU path) and 2D putImageData (its CPU path). */
function countDrawCalls() {
  const counts = { webgl: 0, cpu: 0 };
  Object.assign(window, { __drawCalls: counts });
  const wrap = (prototype: object, name: string, key: keyof typeof counts) => {
    const original = (prototype as Record<string, unknown>)[name];
    if (typeof original !== 'function') return;
    (prototype as Record<string, unknown>)[name] = function (this: unknown, ...args: unknown[]) {
      counts[key]++;
      return (original as (...args: unknown[]) => unknown).apply(this, args);
    };
  };
  for (const prototype of [WebGL2RenderingContext.prototype, WebGLRenderingContext.prototype])
    for (const name of ['drawArrays', 'drawElements', 'drawArraysInstanced', 'drawElementsInstanced'])
      wrap(prototype, name, 'webgl');
  wrap(CanvasRenderingContext2D.prototype, 'putImageData', 'cpu');
}

const drawCalls = (page: Page) =>
  page.evaluate(() => ({ ...(window as unknown as { __drawCalls: { webgl: number; cpu: number } }).__drawCalls }));

/** Steps three images down and returns the draw calls each path made for them. */
async function drawCallsWhileStepping(viewer: ViewerPage): Promise<{ webgl: number; cpu: number }> {
  await viewer.viewport(0).hover();
  const before = await drawCalls(viewer.page);
  const { index } = await viewer.imageIndex(0);
  await viewer.pressKey('ArrowDown', 3);
  await expect.poll(async () => (await viewer.imageIndex(0)).index).toBe(index + 3);
  await expect.poll(async () => (await viewer.canvasStats(0)).nonBlack).toBeGreaterThan(0.01);
  const after = await drawCalls(viewer.page);
  return { webgl: after.webgl - before.webgl, cpu: after.cpu - before.cpu };
}

const viewerUrl = (archiveUrl: string, query = '') =>
  `${archiveUrl}/viewer?StudyInstanceUIDs=${CT_SERIES.studyInstanceUID!}${query}`;

test.describe('rendering path', () => {
  // The viewer chooses for itself here; the other specs ask for the GPU (fixtures.ts).
  test.use({ render: 'auto' });

  test('on software WebGL the viewer keeps WebGL and says so; render=cpu draws on the CPU for the tab', async ({
    page,
    archiveUrl,
  }) => {
    await page.addInitScript(countDrawCalls);
    const viewer = new ViewerPage(page);
    const badge = viewer.overlay(0).locator('.render-badge');

    // This machine's Chromium has WebGL2 through SwiftShader only.
    await page.goto(viewerUrl(archiveUrl));
    await viewer.waitForImage(0);
    await expect(page.locator('.viewer')).toHaveAttribute('data-render-mode', 'gpu');
    await expect(badge).toHaveText('GPU: software WebGL');
    await expect(badge).toHaveAttribute('title', /SwiftShader.*render=cpu/);
    const gpu = await drawCallsWhileStepping(viewer);
    // Steps that land within one animation frame are drawn once: at least one draw, not one per step.
    expect(gpu.webgl).toBeGreaterThanOrEqual(1);
    expect(gpu.cpu).toBe(0);

    await page.goto(viewerUrl(archiveUrl, '&render=cpu'));
    await viewer.waitForImage(0);
    await expect(page.locator('.viewer')).toHaveAttribute('data-render-mode', 'cpu');
    await expect(badge).toHaveText('CPU');
    await expect(badge).toHaveAttribute('title', /render=cpu/);
    const cpu = await drawCallsWhileStepping(viewer);
    expect(cpu.webgl).toBe(0);
    expect(cpu.cpu).toBeGreaterThanOrEqual(1);

    // Kept for the tab without the query, until render=auto lets the viewer choose again.
    await page.goto(viewerUrl(archiveUrl));
    await viewer.waitForImage(0);
    await expect(page.locator('.viewer')).toHaveAttribute('data-render-mode', 'cpu');
    await page.goto(viewerUrl(archiveUrl, '&render=auto'));
    await viewer.waitForImage(0);
    await expect(page.locator('.viewer')).toHaveAttribute('data-render-mode', 'gpu');
    expect(viewer.consoleErrors).toEqual([]);
  });
});
