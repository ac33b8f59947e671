import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { corpusDir, manifest } from '../test/support/corpus';
import { expect, test } from './fixtures';
import { readNativeFrame } from './support/dicomPixels';
import { ReportPanel } from './support/reportPanel';
import { storeCtCopy } from './support/replyStudy';
import { ViewerPage } from './support/viewerPage';

const CT_SERIES = manifest.entries.find((entry) => entry.path === 'series/ct-philips-head-phantom-1mm/')!;
/** The CT's geometry, the same on every slice: 512 × 512 pixels and their spacing from the file. */
const CT_COLUMNS = 512;
const CT_COLUMN_SPACING = readNativeFrame(path.join(corpusDir, CT_SERIES.path, CT_SERIES.files![0]!.file))
  .pixelSpacing![1];
/** A graphics card's name as Chromium reports it on Windows, for the viewer to find instead of SwiftShader. */
const HARDWARE_RENDERER = 'ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)';

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

/** Has WebGL name a graphics card (WEBGL_debug_renderer_info's UNMASKED_RENDERER_WEBGL) instead of SwiftShader. */
function fakeHardwareRenderer(renderer: string) {
  const UNMASKED_RENDERER_WEBGL = 0x9246;
  for (const prototype of [WebGL2RenderingContext.prototype, WebGLRenderingContext.prototype]) {
    // eslint-disable-next-line @typescript-eslint/unbound-method -- called with .call(this) below
    const getParameter = prototype.getParameter;
    prototype.getParameter = function (this: WebGLRenderingContext, name: number) {
      return name === UNMASKED_RENDERER_WEBGL ? renderer : (getParameter.call(this, name) as unknown);
    } as typeof prototype.getParameter;
  }
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

const viewerUrl = (archiveUrl: string, query = '', study = CT_SERIES.studyInstanceUID!) =>
  `${archiveUrl}/viewer?StudyInstanceUIDs=${study}${query}`;

/**
 * Checks where the image is against the screen itself, not through Cornerstone's coordinates (a
 * measurement read through the same wrong mapping would agree with itself): the CT opens fitted,
 * so one image pixel spans min(width, height) / 512 CSS pixels, centred on the canvas. The zoom
 * the overlay shows, the pixel the readout names and a length drawn across the middle must all
 * follow from that. Returns the length as the image labels it.
 */
async function checkGeometryAndLength(viewer: ViewerPage): Promise<string> {
  // Read once the layout has settled (a panel opening resizes the viewport): the zoom shown fits the box.
  let box = (await viewer.canvas(0).boundingBox())!;
  const fitted = () => Math.min(box.width, box.height) / CT_COLUMNS;
  await expect
    .poll(async () => {
      box = (await viewer.canvas(0).boundingBox())!;
      return (await viewer.overlay(0).locator('.bottom-right').textContent())?.match(/Zoom \d+%/)?.[0];
    })
    .toBe(`Zoom ${Math.round(fitted() * 100)}%`);
  const perPixel = fitted();
  const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  const span = 0.3 * Math.min(box.width, box.height);
  // Pixel centres sit on integer indices: the canvas centre is index 255.5 (a pixel either way for rounding).
  const column = async (x: number) => (await viewer.readoutAt(0, x, centre.y + 1))?.column ?? NaN;
  expect(Math.abs((await column(centre.x)) - 255.5)).toBeLessThanOrEqual(1);
  expect(Math.abs((await column(centre.x + span)) - (255.5 + span / perPixel))).toBeLessThanOrEqual(1);
  await viewer.selectTool('Length');
  const page = viewer.page;
  await page.mouse.move(centre.x - span, centre.y);
  await page.mouse.down();
  await page.mouse.move(centre.x + span, centre.y, { steps: 8 });
  await page.mouse.up();
  const expected = ((2 * span) / perPixel) * CT_COLUMN_SPACING;
  const shown = async () => /[\d.]+ mm/.exec(await viewer.annotationText(0))?.[0] ?? '';
  await expect.poll(async () => Math.abs(parseFloat(await shown()) - expected) / expected).toBeLessThan(0.01);
  return shown();
}

test.describe('rendering path', () => {
  // The viewer chooses for itself here; the other specs ask for the GPU (fixtures.ts).
  test.use({ render: 'auto' });
  // Several page loads each, drawn by SwiftShader or the CPU on shared cores.
  test.describe.configure({ timeout: 180_000 });

  test('on software WebGL the viewer draws on the CPU and says so; render=gpu keeps WebGL for the tab', async ({
    page,
    archiveUrl,
  }) => {
    await page.addInitScript(countDrawCalls);
    const viewer = new ViewerPage(page);
    const badge = viewer.overlay(0).locator('.render-badge');

    // This machine's Chromium has WebGL2 through SwiftShader only.
    await page.goto(viewerUrl(archiveUrl));
    await viewer.waitForImage(0);
    await expect(page.locator('.viewer')).toHaveAttribute('data-render-mode', 'cpu');
    await expect(badge).toHaveText('CPU: software WebGL');
    await expect(badge).toHaveAttribute('title', /SwiftShader.*render=gpu/);
    const cpu = await drawCallsWhileStepping(viewer);
    expect(cpu.webgl).toBe(0);
    // Steps that land within one animation frame are drawn once: at least one draw, not one per step.
    expect(cpu.cpu).toBeGreaterThanOrEqual(1);

    await page.goto(viewerUrl(archiveUrl, '&render=gpu'));
    await viewer.waitForImage(0);
    await expect(page.locator('.viewer')).toHaveAttribute('data-render-mode', 'gpu');
    await expect(badge).toHaveText('GPU');
    await expect(badge).toHaveAttribute('title', /render=gpu/);
    const gpu = await drawCallsWhileStepping(viewer);
    expect(gpu.webgl).toBeGreaterThanOrEqual(1);
    expect(gpu.cpu).toBe(0);

    // Kept for the tab without the query, until render=auto lets the viewer choose again.
    await page.goto(viewerUrl(archiveUrl));
    await viewer.waitForImage(0);
    await expect(page.locator('.viewer')).toHaveAttribute('data-render-mode', 'gpu');
    await page.goto(viewerUrl(archiveUrl, '&render=auto'));
    await viewer.waitForImage(0);
    await expect(page.locator('.viewer')).toHaveAttribute('data-render-mode', 'cpu');
    expect(viewer.consoleErrors).toEqual([]);
  });

  test('on a graphics card the viewer draws with WebGL', async ({ page, archiveUrl }) => {
    await page.addInitScript(countDrawCalls);
    await page.addInitScript(fakeHardwareRenderer, HARDWARE_RENDERER);
    const viewer = new ViewerPage(page);
    await page.goto(viewerUrl(archiveUrl));
    await viewer.waitForImage(0);
    await expect(page.locator('.viewer')).toHaveAttribute('data-render-mode', 'gpu');
    const badge = viewer.overlay(0).locator('.render-badge');
    await expect(badge).toHaveText('GPU');
    await expect(badge).toHaveAttribute('title', `Drawn with WebGL on ${HARDWARE_RENDERER}`);
    const gpu = await drawCallsWhileStepping(viewer);
    expect(gpu.webgl).toBeGreaterThanOrEqual(1);
    expect(gpu.cpu).toBe(0);
    expect(viewer.consoleErrors).toEqual([]);
  });

  test('on the CPU path the image sits where its coordinates say and a length reads the right mm', async ({
    page,
    archiveUrl,
  }) => {
    const viewer = new ViewerPage(page);
    await page.goto(viewerUrl(archiveUrl));
    await viewer.waitForImage(0);
    await expect(page.locator('.viewer')).toHaveAttribute('data-render-mode', 'cpu');
    await viewer.viewport(0).hover();
    await viewer.pressKey('PageDown', 6);
    await expect.poll(async () => (await viewer.imageIndex(0)).index).toBeGreaterThan(60);
    const length = await checkGeometryAndLength(viewer);
    await page.mouse.move(5, 5);
    await page.screenshot({ path: path.join('test-results', 'screenshots', 'render-cpu-length.png') });
    expect(await viewer.annotationText(0)).toContain(length);
    expect(viewer.consoleErrors).toEqual([]);
  });

  test.describe('on a screen of device pixel ratio 3', () => {
    test.use({ deviceScaleFactor: 3, viewport: { width: 900, height: 640 } });

    test('the CPU path backs its canvas at device pixels and measures as at ratio 1', async ({ page, archiveUrl }) => {
      const viewer = new ViewerPage(page);
      await page.goto(viewerUrl(archiveUrl));
      await viewer.waitForImage(0);
      await expect(page.locator('.viewer')).toHaveAttribute('data-render-mode', 'cpu');
      await checkGeometryAndLength(viewer);
      const canvas = await viewer
        .canvas(0)
        .evaluate((element: HTMLCanvasElement) => [element.width, element.clientWidth, element.height]);
      expect(canvas[0]).toBe(Math.round(canvas[1]! * 3));
      expect(viewer.consoleErrors).toEqual([]);
    });
  });

  test('a stored report measured on the CPU path draws again, after a reload that holds the images back', async ({
    page,
    archiveUrl,
  }) => {
    const copy = await storeCtCopy(archiveUrl, 4);
    const viewer = new ViewerPage(page);
    const panel = new ReportPanel(page);
    await page.goto(viewerUrl(archiveUrl, '', copy.study));
    await viewer.waitForImage(0);
    await expect(page.locator('.viewer')).toHaveAttribute('data-render-mode', 'cpu');
    await page.getByRole('toolbar', { name: 'Viewer tools' }).getByRole('button', { name: 'Report' }).click();
    // The viewport makes room for the panel before anything is measured on it.
    const right = async (element: Locator, edge: 0 | 1) => {
      const box = (await element.boundingBox())!;
      return box.x + edge * box.width;
    };
    await expect.poll(async () => (await right(viewer.canvas(0), 1)) <= (await right(panel.root, 0)) + 1).toBe(true);
    const length = await checkGeometryAndLength(viewer);
    await expect(panel.ownMeasurements()).toHaveCount(1);
    await panel.root.getByRole('button', { name: 'Save…' }).click();
    await panel.root
      .getByRole('group', { name: 'Confirm saving' })
      .getByRole('button', { name: 'Save', exact: true })
      .click();
    await expect(panel.root.getByRole('status').filter({ hasText: /^Saved at \d\d:\d\d$/ })).toBeVisible();

    // The report's measurements reach the viewport before any pixels: Cornerstone's CPU path
    // must not be asked to draw them over an image it does not have yet.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/frames\/|\/rendered/, async (route) => {
      await held;
      await route.continue();
    });
    // Not until "load": the page's own picture of the first image is a rendered request, held too.
    await page.reload({ waitUntil: 'domcontentloaded' });
    // With a stored report the panel opens by itself.
    await expect(panel.storedMeasurements()).toHaveCount(1);
    release();
    await viewer.waitForImage(0);
    await expect.poll(() => viewer.annotationText(0)).toContain(length);
    expect(viewer.consoleErrors).toEqual([]);
  });
});
