import { copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { devices, type Browser, type BrowserContextOptions, type Page } from '@playwright/test';
import { corpusDir } from '../test/support/corpus';
import { expect, test } from './fixtures';
import { saveScreenshot } from './support/screenshots';
import { ViewerPage } from './support/viewerPage';

const LIVER = path.join(corpusDir, 'series', 'ct-liver-3slice-with-seg');
const XA_CINE = 'kinds/multiframe/xa-cine-96frames-jpeg.dcm';

/** What the app shell itself asks the gateway at start: who the browser is, whatever the page. */
const SHELL_API = new Set(['/api/me', '/api/share-session', '/api/patient-session', '/api/upload-session']);

// Reading and decoding happen in the browser, on SwiftShader and shared CPUs.
test.describe.configure({ timeout: 180_000 });

let disc: string;

/**
 * A patient's "CD": the corpus's liver series (3 CT slices and 2 segmentations), plus a text file
 * and a second copy of one slice, which must be listed as skipped with their reasons.
 */
test.beforeAll(async () => {
  disc = path.join(await mkdtemp(path.join(tmpdir(), 'secondread-local-')), 'CD');
  await mkdir(disc);
  for (const file of await readdir(LIVER)) await copyFile(path.join(LIVER, file), path.join(disc, file));
  await copyFile(path.join(LIVER, 'ct-02.dcm'), path.join(disc, 'zz-copy-of-ct-02.dcm'));
  await writeFile(path.join(disc, 'README.txt'), 'Images of the liver, burnt by the hospital.\n');
});

test.afterAll(async () => {
  await rm(path.dirname(disc), { recursive: true, force: true });
});

/** A browser with no session at all: never signed in, no link opened. */
async function signedOutPage(browser: Browser, baseURL: string, options: BrowserContextOptions = {}) {
  const context = await browser.newContext({ ...options, baseURL });
  const requests: string[] = [];
  context.on('request', (request) => requests.push(`${request.method()} ${new URL(request.url()).pathname}`));
  return { context, page: await context.newPage(), requests };
}

/** A fingerprint of what the viewport draws, to tell two slices apart. */
function canvasSum(viewer: ViewerPage): Promise<number> {
  return viewer.canvas(0).evaluate((canvas: HTMLCanvasElement) => {
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let sum = 0;
    for (let i = 0; i < data.length; i += 4) sum = (sum + data[i]! * ((i >> 2) % 9973)) % 2_147_483_647;
    return sum;
  });
}

/** Opens the disc, reads a slice, moves to the next, and returns nothing having reached the gateway but the shell. */
async function readTheDisc(page: Page, pick: () => Promise<void>): Promise<ViewerPage> {
  const viewer = new ViewerPage(page);
  await page.goto('/local');
  await expect(page.getByRole('heading', { name: 'Open images from this device' })).toBeVisible();
  await pick();

  const banner = page.getByRole('status', { name: 'Images from this device' });
  await expect(banner).toContainText('These images are shown on this device only — nothing was uploaded');
  await viewer.waitForImage(0);
  // The CT is hung (the segmentations before and after it in series order have no pixels to show).
  expect(await viewer.imageIndex(0)).toEqual({ index: 1, count: 3 });
  const stats = await viewer.canvasStats(0);
  expect(stats.nonBlack).toBeGreaterThan(0.1);
  expect(stats.distinct).toBeGreaterThan(50);
  return viewer;
}

function expectNoUpload(requests: readonly string[]): void {
  expect(requests.filter((request) => / \/dicomweb/.test(request))).toEqual([]);
  const api = requests.filter((request) => / \/api\//.test(request));
  expect(api.filter((request) => !request.startsWith('GET ') || !SHELL_API.has(request.slice(4)))).toEqual([]);
}

test.describe('local files', () => {
  test('a signed-out browser views a folder from its disk, and nothing reaches /dicomweb', async ({
    browser,
    archiveUrl,
  }) => {
    const { context, page, requests } = await signedOutPage(browser, archiveUrl);
    const viewer = await readTheDisc(page, () => page.getByTestId('local-pick-folder').setInputFiles(disc));

    // Another slice: the counter moves and the picture changes.
    const first = await canvasSum(viewer);
    await page.keyboard.press('ArrowDown');
    await expect.poll(async () => (await viewer.imageIndex(0)).index).toBe(2);
    await expect.poll(() => canvasSum(viewer)).not.toBe(first);
    expect((await viewer.canvasStats(0)).nonBlack).toBeGreaterThan(0.1);

    // Three series from the folder, in series-number order: SEG 1, CT 2, SEG 100.
    await expect(page.locator('.series-list > li')).toHaveCount(3);
    await expect(page.locator('.series-list > li').nth(1)).toContainText('CT');

    // The two files that are not shown, each with why.
    await page.getByRole('button', { name: '2 skipped' }).click();
    const skipped = page.getByRole('region', { name: 'Skipped files' });
    await expect(skipped).toContainText('CD/README.txt: Not a DICOM file');
    await expect(skipped).toContainText('CD/zz-copy-of-ct-02.dcm: The same image as another file');
    await page.getByRole('button', { name: '2 skipped' }).click();

    // A signed-out reader gets neither Share nor Download: both would need the gateway.
    await expect(page.locator('.viewer-toolbar')).toBeVisible();
    await expect(page.locator('.viewer-toolbar').getByRole('button', { name: 'Share', exact: true })).toHaveCount(0);
    await saveScreenshot(page, 'local-files-desktop');

    // Back to the picker for another disc.
    await page.getByRole('button', { name: 'Open other files' }).click();
    await expect(page.getByRole('heading', { name: 'Open images from this device' })).toBeVisible();

    expectNoUpload(requests);
    expect(viewer.consoleErrors.filter((error) => !/401|Unauthorized/.test(error))).toEqual([]);
    await context.close();
  });

  test('on a phone, files picked one by one', async ({ browser, archiveUrl }) => {
    const { defaultBrowserType: _browser, ...phone } = devices['Pixel 7'];
    const { context, page, requests } = await signedOutPage(browser, archiveUrl, phone);
    const files = (await readdir(disc)).map((file) => path.join(disc, file));
    const viewer = await readTheDisc(page, () => page.getByTestId('local-pick-files').setInputFiles(files));

    // One finger scrolls the stack on a touch screen; the keyboard works too: the next slice.
    await page.keyboard.press('ArrowDown');
    await expect.poll(async () => (await viewer.imageIndex(0)).index).toBe(2);
    await saveScreenshot(page, 'local-files-phone');

    expectNoUpload(requests);
    await context.close();
  });

  test('a handful of files that are not images is explained, not shown', async ({ browser, archiveUrl }) => {
    const { context, page, requests } = await signedOutPage(browser, archiveUrl);
    await page.goto('/local');
    await expect(page.getByRole('heading', { name: 'Open images from this device' })).toBeVisible();
    await saveScreenshot(page, 'local-files-picker');
    await page.getByTestId('local-pick-files').setInputFiles([path.join(disc, 'README.txt')]);
    await expect(page.getByRole('alert')).toContainText('None of these files is an image this viewer can show');
    await expect(page.getByRole('region', { name: 'Skipped files' })).toContainText('README.txt: Not a DICOM file');
    expectNoUpload(requests);
    await context.close();
  });

  test('a multi-frame file scrolls frame by frame', async ({ browser, archiveUrl }) => {
    const { context, page, requests } = await signedOutPage(browser, archiveUrl);
    const viewer = new ViewerPage(page);
    await page.goto('/local');
    await page.getByTestId('local-pick-files').setInputFiles(path.join(corpusDir, XA_CINE));
    await viewer.waitForImage(0);
    expect(await viewer.imageIndex(0)).toEqual({ index: 1, count: 96 });
    const first = await canvasSum(viewer);
    await page.keyboard.press('ArrowDown');
    await expect.poll(async () => (await viewer.imageIndex(0)).index).toBe(2);
    await expect.poll(() => canvasSum(viewer)).not.toBe(first);
    expect((await viewer.canvasStats(0)).nonBlack).toBeGreaterThan(0.1);
    expectNoUpload(requests);
    await context.close();
  });
});
