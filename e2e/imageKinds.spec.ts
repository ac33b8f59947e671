import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { formatWindow, windowFromMinMax, type VoiWindow } from '../src/dicom/voi';
import { CT_PADDING_VALUE, imageKindObjects, OVERLAY_GEOMETRY } from '../test/support/generated/imageKinds';
import type { GeneratedObject } from '../test/support/generated/types';
import { expect, test } from './fixtures';
import { compareWithCanvas, parsePnm, type Bitmap } from './support/bitmap';
import { dcmtkImage } from './support/dcmtkReference';
import { parsePart10, randomUid, withFreshUids } from './support/part10';
import { stowOne, writeHeaders } from './support/stow';
import { ViewerPage } from './support/viewerPage';

/**
 * Image kinds beyond CT/MR (test/support/generated/imageKinds.ts), each stored alone over STOW-RS
 * and opened in the viewer: every one renders like dcmtk's dcm2pnm (MAD ≤ 1.5 grey levels at 1:1
 * with the window spanning its modality range, overlays on as dcm2pnm draws them); overlay planes
 * are drawn by default and Shift+O takes them away; the overlay over frame k is frame k's; a VOI
 * LUT table gives the table's grey levels; Presentation LUT Shape INVERSE on MONOCHROME1 inverts
 * once; pixel padding stays black whatever the window and stays out of the automatic window.
 */
const TOLERANCE = 1.5;
const run = promisify(execFile);
const objects = new Map(imageKindObjects().map((object) => [object.name, object]));
const SCREENSHOT = path.join('test-results', 'image-kinds', 'overlay-desktop.png');

let workDir: string;
test.beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'secondread-kinds-'));
});
test.afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

function object(name: string): GeneratedObject {
  const found = objects.get(`kinds/${name}`);
  if (!found) throw new Error(`No generated object kinds/${name}`);
  return found;
}

/** The object as a file for dcmtk. */
async function fileOf(generated: GeneratedObject): Promise<string> {
  const file = path.join(workDir, path.basename(generated.name));
  await writeFile(file, generated.bytes);
  return file;
}

/** dcm2pnm's rendering of one frame with extra options (a VOI LUT, no overlays…). */
async function dcm2pnm(file: string, options: string[]): Promise<Bitmap> {
  const output = path.join(workDir, `${path.basename(file)}-${options.join('_')}.pnm`);
  await run('dcm2pnm', [...options, '+op', file, output]);
  return parsePnm(new Uint8Array(await readFile(output)));
}

/** Stores a fresh-UID copy and opens it alone in a new page, at 1:1 without interpolation. */
async function open(page: ViewerPage['page'], archiveUrl: string, generated: GeneratedObject): Promise<ViewerPage> {
  const study = randomUid();
  const copy = withFreshUids(generated.bytes, { study, series: randomUid(), sop: randomUid() });
  const stored = await stowOne(`${archiveUrl}/dicomweb`, copy, await writeHeaders(archiveUrl));
  expect(stored.status, stored.text).toBe(200);
  const viewer = new ViewerPage(page);
  await viewer.open(archiveUrl, [study]);
  await viewer.waitForImage(0);
  await viewer.pressKey('o');
  await expect(viewer.overlay(0)).toContainText('Zoom 100%');
  await settle(viewer);
  return viewer;
}

const settle = (viewer: ViewerPage) =>
  viewer.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));

async function setWindow(viewer: ViewerPage, window: VoiWindow): Promise<void> {
  await viewer.page.getByLabel('Window width').fill(String(window.width));
  await viewer.page.getByLabel('Window level').fill(String(window.center));
  await viewer.page.getByLabel('Window level').press('Enter');
  await expect(viewer.overlay(0)).toContainText(formatWindow(window));
  await settle(viewer);
}

/** The window dcmtk's reference uses (the modality value range) set in the viewer; dcm2pnm's options for it. */
async function sameWindow(viewer: ViewerPage, file: string): Promise<string[]> {
  const window = (await dcmtkImage(file, '1.2.840.10008.1.2.1'))?.window;
  if (!window) throw new Error(`dcmtk gives no window for ${file}`);
  await setWindow(viewer, window);
  return ['+Ww', String(window.center), String(window.width)];
}

/** The whole viewport canvas, RGBA. */
async function canvasPixels(viewer: ViewerPage): Promise<{ width: number; height: number; rgba: Uint8Array }> {
  const { width, height, base64 } = await viewer.canvas(0).evaluate((canvas: HTMLCanvasElement) => {
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let binary = '';
    for (let i = 0; i < data.length; i += 0x8000) binary += String.fromCharCode(...data.subarray(i, i + 0x8000));
    return { width: canvas.width, height: canvas.height, base64: btoa(binary) };
  });
  return { width, height, rgba: new Uint8Array(Buffer.from(base64, 'base64')) };
}

/** Compares the canvas with a reference and answers the grey level (red sample) of image pixel [row, column] on the canvas. */
async function against(viewer: ViewerPage, reference: Bitmap, placement?: readonly [number, number]) {
  const canvas = await canvasPixels(viewer);
  const comparison = compareWithCanvas(reference, canvas);
  // Where the image sits, found against the reference unless given (a later frame of a moving picture).
  const offset = placement ?? comparison.offset;
  const left = Math.round((canvas.width - reference.width) / 2) + offset[0];
  const top = Math.round((canvas.height - reference.height) / 2) + offset[1];
  const level = (row: number, column: number) => canvas.rgba[((top + row) * canvas.width + left + column) * 4]!;
  return { comparison, level, reference };
}

const rectanglePixels = (): [number, number][] => {
  const { top, left, bottom, right } = OVERLAY_GEOMETRY.rectangle;
  const pixels: [number, number][] = [];
  for (let column = left; column <= right; column++) pixels.push([top, column], [bottom, column]);
  for (let row = top + 1; row < bottom; row++) pixels.push([row, left], [row, right]);
  return pixels;
};

const squarePixels = ({ top, left, size }: { top: number; left: number; size: number }): [number, number][] =>
  Array.from({ length: size * size }, (_, i) => [top + Math.floor(i / size), left + (i % size)]);

test.describe('image kinds', () => {
  test.setTimeout(5 * 60_000);

  test('every generated kind renders like dcm2pnm', async ({ page, archiveUrl }) => {
    for (const generated of objects.values()) {
      const file = await fileOf(generated);
      const reference = await dcmtkImage(file, '1.2.840.10008.1.2.1');
      expect(reference, `${generated.name}: dcmtk reads it`).toBeDefined();
      const viewer = await open(page, archiveUrl, generated);
      if (reference!.window) await setWindow(viewer, reference!.window);
      const { comparison } = await against(viewer, reference!.bitmap);
      expect.soft(comparison.mad, `${generated.name}: MAD against dcm2pnm`).toBeLessThanOrEqual(TOLERANCE);
      expect(viewer.consoleErrors).toEqual([]);
    }
  });

  test('overlay planes are drawn by default and Shift+O takes them away', async ({ page, archiveUrl }) => {
    const generated = object('overlay-graphic.dcm');
    const file = await fileOf(generated);
    const viewer = await open(page, archiveUrl, generated);
    const window = await sameWindow(viewer, file);
    const overlaid = await against(viewer, await dcm2pnm(file, window));
    expect(overlaid.comparison.mad).toBeLessThanOrEqual(TOLERANCE);
    const marked = [...rectanglePixels(), ...squarePixels(OVERLAY_GEOMETRY.square)];
    expect(marked.filter(([row, column]) => overlaid.level(row, column) !== 255)).toEqual([]);
    await viewer.page.screenshot({ path: SCREENSHOT });

    await viewer.pressKey('Shift+O');
    await settle(viewer);
    const plain = await against(viewer, await dcm2pnm(file, [...window, '-O']));
    expect(plain.comparison.mad).toBeLessThanOrEqual(TOLERANCE);
    // Under the overlay the image is at most 200 of 255 (the generator's range): no white left.
    expect(marked.filter(([row, column]) => plain.level(row, column) === 255)).toEqual([]);

    // The toolbar button brings them back.
    await viewer.page.locator('.viewer-toolbar').getByRole('button', { name: 'Overlays' }).click();
    await settle(viewer);
    const again = await against(viewer, await dcm2pnm(file, window));
    expect(marked.filter(([row, column]) => again.level(row, column) !== 255)).toEqual([]);
  });

  test('the overlay over frame k is frame k’s', async ({ page, archiveUrl }) => {
    const generated = object('overlay-multiframe.dcm');
    const viewer = await open(page, archiveUrl, generated);
    // A window that keeps every image value (at most 200) below white: white is the overlay alone.
    await setWindow(viewer, { center: 200, width: 400 });
    const file = await fileOf(generated);
    const reference = await against(viewer, await dcm2pnm(file, ['+Ww', '200', '400']));
    expect(reference.comparison.mad, 'frame 1 against dcm2pnm').toBeLessThanOrEqual(TOLERANCE);
    for (let frame = 1; frame <= OVERLAY_GEOMETRY.frames; frame++) {
      if (frame > 1) {
        await viewer.pressKey('ArrowDown');
        await expect(viewer.overlay(0).locator('.bottom-left')).toContainText(`Im ${frame} /`);
        await settle(viewer);
      }
      const { level } = await against(viewer, reference.reference, reference.comparison.offset);
      for (let other = 1; other <= OVERLAY_GEOMETRY.frames; other++) {
        const square = OVERLAY_GEOMETRY.frameSquare(other);
        const white = squarePixels(square).filter(([row, column]) => level(row, column) === 255);
        expect(white.length, `frame ${frame}: square of overlay frame ${other}`).toBe(
          other === frame ? square.size ** 2 : 0,
        );
      }
    }
  });

  test('a VOI LUT table gives the table’s grey levels until a window is picked', async ({ page, archiveUrl }) => {
    const generated = object('voi-lut-table.dcm');
    const file = await fileOf(generated);
    const viewer = await open(page, archiveUrl, generated);
    const table = await against(viewer, await dcm2pnm(file, ['+Wl', '1']));
    expect(table.comparison.mad, 'against dcm2pnm +Wl 1').toBeLessThanOrEqual(TOLERANCE);
    // A window the reader picks is a linear window over the modality values again.
    const window = { center: 2000, width: 3000 };
    await setWindow(viewer, window);
    const linear = await against(viewer, await dcm2pnm(file, ['+Ww', String(window.center), String(window.width)]));
    expect(linear.comparison.mad, 'against dcm2pnm +Ww').toBeLessThanOrEqual(TOLERANCE);
  });

  test('Presentation LUT Shape INVERSE on MONOCHROME1 inverts once', async ({ page, archiveUrl }) => {
    const generated = object('presentation-inverse.dcm');
    const file = await fileOf(generated);
    const viewer = await open(page, archiveUrl, generated);
    const { comparison, level } = await against(viewer, await dcm2pnm(file, ['+Wi', '1']));
    expect(comparison.mad).toBeLessThanOrEqual(TOLERANCE);
    // Stored 0 at the top-left corner of the ramp: white, not black (inverted twice) .
    expect(level(2, 2)).toBeGreaterThan(245);
  });

  test('pixel padding is black whatever the window and outside the automatic window', async ({ page, archiveUrl }) => {
    const generated = object('ct-padding.dcm');
    const file = await fileOf(generated);
    const dataset = parsePart10(generated.bytes);
    const element = dataset.elements.x7fe00010!;
    const pixels = new Int16Array(
      generated.bytes.slice(element.dataOffset, element.dataOffset + element.length).buffer,
    );
    const body = Array.from(pixels).filter((value) => value !== CT_PADDING_VALUE);
    const viewer = await open(page, archiveUrl, generated);
    await expect(viewer.overlay(0)).toContainText(formatWindow(windowFromMinMax(Math.min(...body), Math.max(...body))));
    // A window far below the padding value would show it mid-grey if it were an image value.
    const wide = { center: 0, width: 10_000 };
    await setWindow(viewer, wide);
    const reference = await dcm2pnm(file, ['+Ww', String(wide.center), String(wide.width)]);
    const { level } = await against(viewer, reference);
    const corners: [number, number][] = [
      [3, 3],
      [3, 124],
      [92, 3],
      [92, 124],
    ];
    expect(corners.map(([row, column]) => reference.data[row * reference.width + column])).not.toContain(0);
    expect(corners.map(([row, column]) => level(row, column))).toEqual([0, 0, 0, 0]);
    // Inside the body the picture is dcm2pnm's.
    expect(level(48, 64)).toBeCloseTo(reference.data[48 * reference.width + 64]!, -0.5);
  });
});
