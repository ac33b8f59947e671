import { PNG } from 'pngjs';
import { manifest } from '../test/support/corpus';
import { formatWindow } from '../src/dicom/voi';
import { expect, test } from './fixtures';
import { compareWithCanvas, type Bitmap } from './support/bitmap';
import { ViewerPage } from './support/viewerPage';

/**
 * PS3.18 rendered and thumbnail resources against what the viewer draws: the gateway's /rendered
 * PNG of an image, at the window the viewer shows, matches the viewer's canvas at 1:1 within one
 * grey level (mean absolute difference over the image); the series panel's pictures are the
 * server's /thumbnail answers, not images decoded in the browser.
 */
const CT = manifest.entries.find((entry) => entry.path === 'series/ct-philips-head-phantom-1mm/')!;
const COLOUR = manifest.entries.find((entry) => entry.path === 'kinds/color/ot-testpattern-rgb.dcm')!;
const GREY_TOLERANCE = 1;

function bitmapOf(bytes: Buffer): Bitmap {
  const png = PNG.sync.read(bytes);
  const data = new Uint8Array(png.width * png.height * 3);
  for (let p = 0; p < png.width * png.height; p++) data.set(png.data.subarray(p * 4, p * 4 + 3), p * 3);
  return { width: png.width, height: png.height, channels: 3, data };
}

/** The canvas pixels around the centred 1:1 image (± the 2 pixels compareWithCanvas searches). */
async function canvasPixels(viewer: ViewerPage, size: { width: number; height: number }) {
  const { width, height, base64 } = await viewer.canvas(0).evaluate((canvas: HTMLCanvasElement, image) => {
    const band = (canvasSize: number, imageSize: number) => {
      const start = Math.round((canvasSize - imageSize) / 2) - 2;
      return start >= 0 && start + imageSize + 4 <= canvasSize ? [start, imageSize + 4] : [0, canvasSize];
    };
    const [x, w] = band(canvas.width, image.width);
    const [y, h] = band(canvas.height, image.height);
    const data = canvas.getContext('2d')!.getImageData(x!, y!, w!, h!).data;
    let binary = '';
    for (let i = 0; i < data.length; i += 0x8000) binary += String.fromCharCode(...data.subarray(i, i + 0x8000));
    return { width: w!, height: h!, base64: btoa(binary) };
  }, size);
  return { width, height, rgba: new Uint8Array(Buffer.from(base64, 'base64')) };
}

/** CT preset 6 (Abdomen): a key press, which the toolbar's re-rendering during prefetch cannot interrupt. */
const ABDOMEN = { key: '6', center: 50, width: 400 };

async function showAtOneToOne(viewer: ViewerPage, preset?: typeof ABDOMEN) {
  await viewer.waitForImage(0);
  if (preset) {
    await viewer.pressKey(preset.key);
    await expect(viewer.overlay(0)).toContainText(formatWindow(preset));
  }
  await shownInFull(viewer);
}

/**
 * The full-resolution image at 1:1: a progressive load shows a reduced preview first (with its
 * badge), and 1:1 asked of the preview is not 1:1 of the image, so both are waited for.
 */
async function shownInFull(viewer: ViewerPage) {
  await expect(viewer.overlay(0).locator('.quality-badge')).toHaveCount(0, { timeout: 60_000 });
  await expect(async () => {
    await viewer.pressKey('o');
    await expect(viewer.overlay(0)).toContainText('Zoom 100%', { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await viewer.page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
  );
}

test.describe('rendered resources match the viewer', () => {
  test('CT: /rendered PNG grey levels within 1 of the canvas at the same window', async ({ page, archiveUrl }) => {
    const window = ABDOMEN;
    const viewer = new ViewerPage(page);
    await viewer.open(archiveUrl, [CT.studyInstanceUID!]);
    await showAtOneToOne(viewer, window);
    // A slice through the middle of the phantom, where the window matters (air and bone look alike in any).
    await viewer.pressKey('Home');
    await viewer.pressKey('ArrowDown', 69);
    await expect(viewer.overlay(0).locator('.bottom-left')).toContainText('Im 70 /');
    await viewer.waitForImage(0);
    await shownInFull(viewer);
    await viewer.page.evaluate(
      () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
    );
    // The overlay's slice location names the file shown.
    const location = Number(/Loc (-?[\d.]+) mm/.exec((await viewer.overlay(0).textContent()) ?? '')?.[1]);
    const shown = CT.files!.find((file) => {
      const position = (file as { imagePositionPatient?: number[] }).imagePositionPatient;
      return position !== undefined && Math.abs(position[2]! - location) < 0.01;
    });
    expect(shown, `the file at ${location} mm`).toBeDefined();
    const url = `${archiveUrl}/dicomweb/studies/${CT.studyInstanceUID}/series/${CT.seriesInstanceUID}/instances/${shown!.sopInstanceUID}/rendered?window=${window.center},${window.width}`;
    const response = await page.request.get(url, { headers: { accept: 'image/png' } });
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('image/png');
    const comparison = compareWithCanvas(
      bitmapOf(await response.body()),
      await canvasPixels(viewer, { width: 512, height: 512 }),
    );
    test.info().annotations.push({ type: 'mad', description: `${comparison.mad.toFixed(3)} (max ${comparison.max})` });
    expect(comparison.mad).toBeLessThanOrEqual(GREY_TOLERANCE);
  });

  test('colour: /rendered PNG within 1 level of the canvas', async ({ page, archiveUrl }) => {
    const viewer = new ViewerPage(page);
    await viewer.open(archiveUrl, [COLOUR.studyInstanceUID!]);
    await showAtOneToOne(viewer);
    const url = `${archiveUrl}/dicomweb/studies/${COLOUR.studyInstanceUID}/series/${COLOUR.seriesInstanceUID}/instances/${COLOUR.sopInstanceUID}/rendered`;
    const response = await page.request.get(url, { headers: { accept: 'image/png' } });
    expect(response.status()).toBe(200);
    const rendered = bitmapOf(await response.body());
    expect([rendered.width, rendered.height]).toEqual([COLOUR.columns, COLOUR.rows]);
    const comparison = compareWithCanvas(rendered, await canvasPixels(viewer, rendered));
    test.info().annotations.push({ type: 'mad', description: comparison.mad.toFixed(3) });
    expect(comparison.mad).toBeLessThanOrEqual(GREY_TOLERANCE);
  });
});

test('the series panel shows the thumbnails the server made', async ({ page, archiveUrl }) => {
  const thumbnails: string[] = [];
  page.on('response', (response) => {
    if (/\/thumbnail(\?|$)/.test(response.url()) && response.status() === 200) thumbnails.push(response.url());
  });
  const viewer = new ViewerPage(page);
  await viewer.open(archiveUrl, [CT.studyInstanceUID!]);
  await viewer.waitForImage(0);
  const picture = page.locator('.series-thumb img').first();
  // A JPEG data URL: the server's answer. Drawn in the browser, it would be a PNG.
  await expect(picture).toHaveAttribute('src', /^data:image\/jpeg;base64,/);
  expect(thumbnails.some((url) => url.includes(`/series/${CT.seriesInstanceUID}/`))).toBe(true);
  const size = await picture.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight]);
  expect(size).toEqual([128, 128]);
});

test('proxy mode: the gateway answers /rendered and /thumbnail from Orthanc', async ({ page, orthancGatewayUrl }) => {
  const instance = CT.files![70]!;
  const base = `${orthancGatewayUrl}/dicomweb/studies/${CT.studyInstanceUID}/series/${CT.seriesInstanceUID}`;
  for (const url of [`${base}/thumbnail`, `${base}/instances/${instance.sopInstanceUID}/rendered?viewport=256,256`]) {
    const response = await page.request.get(url, { headers: { accept: 'image/png' } });
    expect(response.status(), url).toBe(200);
    expect(response.headers()['content-type']).toMatch(/^image\/png/);
    const png = PNG.sync.read(await response.body());
    expect(Math.max(png.width, png.height)).toBeLessThanOrEqual(256);
  }
});
