import { devices, type BrowserContextOptions, type Locator, type Page } from '@playwright/test';
import { manifest } from '../test/support/corpus';
import { expect, test } from './fixtures';
import { ViewerPage } from './support/viewerPage';

/**
 * Issue 13: while the viewer's code, decoder and lossless frame are still travelling, the
 * viewport shows the gateway's rendered picture of the image it opens on, marked "Preview", and
 * then the viewer's own drawing of that same image, at the same window and framing, replaces it.
 */
const MR = manifest.entries.find((entry) => entry.path === 'series/mr-studyforrest-t1w-brain-slab/')!;
const GRID = 64;
/** JPEG at quality 90 and two different scalers: a few levels on average, far below a wrong window or framing. */
const SAME_PICTURE_MAD = 6;
const FRAME_REQUEST = /\/frames\/\d+(\?|$)/;

/** The canvas scaled to GRID × GRID, as grey levels (the brightest channel). */
function greyGrid(canvas: Locator): Promise<number[]> {
  return canvas.evaluate((source: HTMLCanvasElement, size) => {
    const grid = document.createElement('canvas');
    grid.width = size;
    grid.height = size;
    const context = grid.getContext('2d')!;
    context.drawImage(source, 0, 0, size, size);
    const { data } = context.getImageData(0, 0, size, size);
    const levels: number[] = [];
    for (let i = 0; i < data.length; i += 4) levels.push(Math.max(data[i]!, data[i + 1]!, data[i + 2]!));
    return levels;
  }, GRID);
}

const meanAbsoluteDifference = (a: readonly number[], b: readonly number[]) =>
  a.reduce((sum, level, index) => sum + Math.abs(level - b[index]!), 0) / a.length;
const litShare = (levels: readonly number[]) => levels.filter((level) => level > 16).length / levels.length;

async function previewThenImage(page: Page, archiveUrl: string): Promise<void> {
  const viewer = new ViewerPage(page);
  const asked: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/rendered?')) asked.push('rendered');
    else if (FRAME_REQUEST.test(request.url())) asked.push('frame');
  });
  // Frames wait until the preview has been looked at: the viewer cannot draw before it.
  let releaseFrames = () => {};
  const framesReleased = new Promise<void>((resolve) => (releaseFrames = resolve));
  await page.route(FRAME_REQUEST, async (route) => {
    await framesReleased;
    await route.continue();
  });

  await viewer.open(archiveUrl, [MR.studyInstanceUID!]);
  const preview = viewer.overlay(0).locator('canvas.first-preview');
  await expect(preview).toBeVisible({ timeout: 60_000 });
  await expect(viewer.overlay(0)).toHaveAttribute('data-status', 'loading');
  await expect(viewer.overlay(0).locator('.quality-badge')).toHaveText('Preview');
  const previewed = await greyGrid(preview);
  await page.screenshot({ path: test.info().outputPath('preview.png') });
  expect(litShare(previewed)).toBeGreaterThan(0.05);
  expect(asked[0]).toBe('rendered');

  releaseFrames();
  await expect(preview).toHaveCount(0, { timeout: 60_000 });
  await expect(viewer.overlay(0).locator('.quality-badge')).toHaveCount(0, { timeout: 60_000 });
  await viewer.waitForImage(0);
  await expect(viewer.overlay(0).locator('.bottom-left')).toContainText('Im 1 /');
  const drawn = await greyGrid(viewer.canvas(0));
  const difference = meanAbsoluteDifference(previewed, drawn);
  test.info().annotations.push({ type: 'mad', description: difference.toFixed(2) });
  expect(difference).toBeLessThan(SAME_PICTURE_MAD);
  expect(viewer.consoleErrors).toEqual([]);
}

test('the first image shows as a server-rendered preview until the viewer draws it', async ({ page, archiveUrl }) => {
  await previewThenImage(page, archiveUrl);
});

async function openingPictureBeforeScripts(page: Page, archiveUrl: string): Promise<void> {
  const viewer = new ViewerPage(page);
  // The app's scripts are held back: what shows meanwhile is the page's own doing.
  let releaseScripts = () => {};
  const scriptsReleased = new Promise<void>((resolve) => (releaseScripts = resolve));
  await page.route(/\/assets\/.*\.js$/, async (route) => {
    await scriptsReleased;
    await route.continue();
  });
  // Not viewer.open: the page's load event waits for the scripts held back.
  await page.goto(`${archiveUrl}/viewer?StudyInstanceUIDs=${MR.studyInstanceUID}`, { waitUntil: 'commit' });
  const opening = page.locator('#opening-picture');
  const picture = opening.locator('img');
  await expect(picture).toBeVisible({ timeout: 60_000 });
  await expect
    .poll(() => picture.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth))
    .toBeGreaterThan(0);
  await expect(opening.locator('.quality-badge')).toHaveText('Preview');
  await page.screenshot({ path: test.info().outputPath('opening-picture.png') });
  // Whole, centred, and as large as the window allows.
  const box = (await picture.boundingBox())!;
  const window = page.viewportSize()!;
  expect(Math.max(box.width / window.width, box.height / window.height)).toBeGreaterThan(0.98);
  expect(Math.abs(box.x + box.width / 2 - window.width / 2)).toBeLessThan(2);
  const lit = await picture.evaluate((image: HTMLImageElement) => {
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 32;
    const context = canvas.getContext('2d')!;
    context.drawImage(image, 0, 0, 32, 32);
    const { data } = context.getImageData(0, 0, 32, 32);
    let bright = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i]! > 16) bright++;
    return bright / (32 * 32);
  });
  expect(lit).toBeGreaterThan(0.05);

  releaseScripts();
  await viewer.waitForImage(0);
  await expect(opening).toHaveCount(0);
  expect(viewer.consoleErrors).toEqual([]);
}

test('the gateway’s page shows the opening image before any script has run, and the viewer takes it over', async ({
  page,
  archiveUrl,
}) => {
  await openingPictureBeforeScripts(page, archiveUrl);
});

test.describe('on a phone', () => {
  const { defaultBrowserType: _browser, ...phone }: BrowserContextOptions & { defaultBrowserType?: string } =
    devices['iPhone 13'];
  test.use(phone);

  test('the preview fills the phone viewport the way the image will', async ({ page, archiveUrl }) => {
    await previewThenImage(page, archiveUrl);
  });

  test('the page’s own picture fills the phone’s screen before any script has run', async ({ page, archiveUrl }) => {
    await openingPictureBeforeScripts(page, archiveUrl);
  });
});
