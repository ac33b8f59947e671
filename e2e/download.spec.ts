import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import { manifest } from '../test/support/corpus';
import { expect, test } from './fixtures';
import { E2E_ADMIN } from '../test/support/signIn';
import { ViewerPage } from './support/viewerPage';

/**
 * Download and print on the archive backend: a share that allows download offers the zip, the
 * image and the printed page; one that does not shows no Download at all.
 */
const LIVER = manifest.entries.find((e) => e.path === 'series/ct-liver-3slice-with-seg/')!;
const STUDY = LIVER.studyInstanceUID!;
const SCREENSHOTS = path.join('test-results', 'screenshots');

/** A link to the small liver CT made by the e2e admin through the API; returns its URL. */
async function share(browser: Browser, baseURL: string, allowDownload: boolean): Promise<string> {
  const context = await browser.newContext({ baseURL });
  const login = await context.request.post('/api/login', { data: E2E_ADMIN });
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const created = await context.request.post('/api/shares', {
    headers: { 'X-CSRF-Token': csrfToken },
    data: { studyInstanceUIDs: [STUDY], expiresInSeconds: 3600, allowDownload },
  });
  expect(created.status()).toBe(201);
  const { url } = (await created.json()) as { url: string };
  await context.close();
  return url;
}

async function openAsRecipient(
  browser: Browser,
  baseURL: string,
  link: string,
): Promise<{ page: Page; viewer: ViewerPage }> {
  const page = await (await browser.newContext({ baseURL, acceptDownloads: true })).newPage();
  await page.goto(link);
  await page.getByRole('button', { name: 'Open the images' }).click();
  const viewer = new ViewerPage(page);
  await viewer.waitForImage(0);
  return { page, viewer };
}

test.describe('download and print', () => {
  test.skip(({ browserName }) => browserName !== 'chromium');

  test('a share that allows download gives the zip, the image as PNG, and a clean printed page', async ({
    browser,
    archiveUrl,
  }) => {
    const { page, viewer } = await openAsRecipient(browser, archiveUrl, await share(browser, archiveUrl, true));
    const menu = page.locator('.download-menu');
    await menu.getByText('Download', { exact: true }).click();

    // The zip streams to disk through a plain link; it opens, and holds the DICOMDIR and every instance.
    const [zipDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: 'Shared images (DICOM zip)' }).click(),
    ]);
    expect(zipDownload.suggestedFilename()).toBe('shared-studies.zip');
    const zipBytes = await readFile(await zipDownload.path());
    expect(zipBytes.length).toBeGreaterThan(100_000);
    const entries = unzipSync(zipBytes);
    const files = Object.keys(entries).sort();
    expect(files).toContain('DICOMDIR');
    const instances = await page.request.get(`/dicomweb/studies/${STUDY}/instances`, {
      headers: { accept: 'application/dicom+json' },
    });
    expect(files.filter((name) => name.startsWith('DICOM/'))).toHaveLength(
      ((await instances.json()) as unknown[]).length,
    );
    for (const name of files) expect(name).toMatch(/^(DICOMDIR|DICOM\/P0001\/S0001\/SE\d{4}\/IM\d{4})$/);
    expect(Buffer.from(entries.DICOMDIR!.subarray(128, 132)).toString('latin1')).toBe('DICM');

    // The image as PNG, at the viewport's canvas size.
    await menu.getByText('Download', { exact: true }).click();
    const [pngDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('menuitem', { name: 'Image as PNG' }).click(),
    ]);
    expect(pngDownload.suggestedFilename()).toBe('image-viewport1-overlay.png');
    const png = await readFile(await pngDownload.path());
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    const size = { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
    const canvas = await viewer
      .canvas(0)
      .evaluate((element: HTMLCanvasElement) => ({ width: element.width, height: element.height }));
    expect(size).toEqual(canvas);

    // Print: the page the printer gets has the header and the image, and nothing of the app.
    await page.evaluate(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => {
        (window as unknown as { printed: number }).printed++;
      };
    });
    await menu.getByText('Download', { exact: true }).click();
    await page.getByRole('menuitem', { name: 'Print…' }).click();
    await expect.poll(() => page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('toolbar', { name: 'Viewer tools' })).toBeHidden();
    await expect(page.getByRole('status', { name: 'Shared study' })).toBeHidden();
    const printView = page.locator('.print-view');
    await expect(printView).toBeVisible();
    await expect(printView.locator('.print-header dt').first()).toHaveText('Patient ID');
    await expect(printView.locator('img')).toHaveCount(1);
    expect(await printView.locator('img').evaluate((image: HTMLImageElement) => image.naturalWidth)).toBe(canvas.width);
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'download-print-view.png'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    await expect(printView).toBeHidden();
  });

  test('a share without download shows no Download, and the zip is refused', async ({ browser, archiveUrl }) => {
    const { page } = await openAsRecipient(browser, archiveUrl, await share(browser, archiveUrl, false));
    await expect(page.getByRole('toolbar', { name: 'Viewer tools' })).toBeVisible();
    await expect(page.locator('.download-menu')).toHaveCount(0);
    const refused = await page.request.get('/api/share-session/download');
    expect(refused.status()).toBe(403);
    expect(await refused.json()).toMatchObject({ error: 'DOWNLOAD_NOT_ALLOWED' });
  });

  test('staff download the study from the viewer', async ({ page, archiveUrl }) => {
    const viewer = new ViewerPage(page);
    await viewer.open(archiveUrl, [STUDY]);
    await viewer.waitForImage(0);
    await page.locator('.download-menu').getByText('Download', { exact: true }).click();
    const link = page.getByRole('menuitem', { name: 'Study (DICOM zip)' });
    await expect(link).toHaveAttribute('href', `/api/studies/${STUDY}/download`);
    const response = await page.request.get(`/api/studies/${STUDY}/download`);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('application/zip');
    expect(Object.keys(unzipSync(await response.body()))).toContain('DICOMDIR');
  });
});
