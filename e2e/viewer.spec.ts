import path from 'node:path';
import { corpusDir, manifest } from '../test/support/corpus';
import { ctPhantomGeometry, demoStudyInstanceUIDs } from '../src/server/demo';
import { BACKENDS, expect, test } from './fixtures';
import { readNativeFrame, regionMean } from './support/dicomPixels';
import { ViewerPage } from './support/viewerPage';

const CT_SERIES = manifest.entries.find((entry) => entry.path === 'series/ct-philips-head-phantom-1mm/')!;
const MR_SERIES = manifest.entries.find((entry) => entry.path === 'series/mr-studyforrest-t1w-brain-slab/')!;
const XA_CINE = manifest.entries.find((entry) => entry.path === 'kinds/multiframe/xa-cine-96frames-jpeg.dcm')!;
const SCREENSHOTS = path.join('test-results', 'screenshots');

/** The manifest records each slice's ImagePositionPatient beside its file name. */
type SliceFile = { file: string; imagePositionPatient: [number, number, number] };

/** The CT's slices in the order the viewer shows them: head to feet (descending z for an axial stack). */
function ctSliceFile(displayIndex: number): string {
  const files = [...((CT_SERIES.files ?? []) as unknown as SliceFile[])].sort(
    (a, b) => b.imagePositionPatient[2] - a.imagePositionPatient[2],
  );
  return path.join(corpusDir, CT_SERIES.path, files[displayIndex]!.file);
}

test.describe('viewer reading tools', () => {
  test('tag browser, shortcut help, cine and a structured report read as a document', async ({ page, archiveUrl }) => {
    const viewer = new ViewerPage(page);
    await viewer.open(archiveUrl, [MR_SERIES.studyInstanceUID!]);
    await viewer.waitForImage(0);

    // Tags of the image on screen, searchable; sequences open while searching.
    await page.keyboard.press('Shift+T');
    const tags = page.getByRole('complementary', { name: 'DICOM tags' });
    await expect(tags).toContainText('(0010,0010)');
    await tags.getByRole('searchbox').fill('ImageOrientationPatient');
    await expect(tags.locator('.tag-line')).toHaveCount(1);
    await expect(tags).toContainText('(0020,0037)');
    await page.keyboard.press('Escape');
    await expect(tags).toBeHidden();

    // The ? overlay lists the key map.
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(help).toContainText('Window preset 1');
    await expect(help).toContainText('Cine play / pause');
    await page.keyboard.press('Escape');
    await expect(help).toBeHidden();

    // Cine plays through the stack and stops.
    const start = (await viewer.imageIndex(0)).index;
    await page.keyboard.press('c');
    await expect(page.locator('.viewer-toolbar').getByRole('button', { name: 'Pause' })).toBeVisible();
    await expect.poll(async () => (await viewer.imageIndex(0)).index, { timeout: 10_000 }).not.toBe(start);
    await page.keyboard.press('c');
    await expect(page.locator('.viewer-toolbar').getByRole('button', { name: 'Play' })).toBeVisible();

    // A structured report has no pixels: the viewport reads it out as a document (dsrdump: a
    // "Section Heading" container holding the TEXT "Report Text" = "Enter text"), and the series panel says so.
    const sr = manifest.entries.find((entry) => entry.path === 'kinds/sr/sr-basic-text.dcm')!;
    await viewer.open(archiveUrl, [sr.studyInstanceUID!]);
    await expect(viewer.overlay(0)).toHaveAttribute('data-status', 'placeholder');
    const srDocument = viewer.overlay(0).getByRole('region', { name: 'Report in this viewport' });
    await expect(srDocument.getByRole('heading', { level: 2 })).toHaveText('Document Title');
    const section = srDocument.locator('.sr-container', {
      has: page.getByRole('heading', { level: 3, name: 'Section Heading' }),
    });
    await expect(section.locator('.sr-text > .sr-line')).toHaveText(['Report Text: Enter text']);
    await expect(viewer.overlay(0)).not.toContainText('not displayable');
    await expect(page.locator('.series-thumb-note').first()).toHaveText('Report: click to read');
    expect(viewer.consoleErrors).toEqual([]);
  });

  test('without WebGL2 the viewer draws on the CPU and says so', async ({ page, archiveUrl }) => {
    // Simulates a browser or GPU without WebGL2 (old drivers, some VMs).
    await page.addInitScript(() => {
      // eslint-disable-next-line @typescript-eslint/unbound-method -- called with .call(this) below
      const getContext = HTMLCanvasElement.prototype.getContext;
      HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, type: string, ...rest: unknown[]) {
        return type === 'webgl2'
          ? null
          : (getContext as (...args: unknown[]) => RenderingContext | null).call(this, type, ...rest);
      } as typeof HTMLCanvasElement.prototype.getContext;
    });
    const viewer = new ViewerPage(page);
    await viewer.open(archiveUrl, [CT_SERIES.studyInstanceUID!]);
    await viewer.waitForImage(0);
    await expect(page.locator('.viewer')).toHaveAttribute('data-render-mode', 'cpu');
    await expect(viewer.overlay(0).locator('.render-badge')).toHaveText('CPU: no WebGL2');
    await viewer.viewport(0).hover();
    await viewer.pressKey('PageDown', 7);
    await expect.poll(async () => (await viewer.canvasStats(0)).nonBlack).toBeGreaterThan(0.02);
    await viewer.pressKey('5');
    await expect(viewer.overlay(0)).toContainText('W 350 L 50');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'viewer-cpu-fallback.png') });
    expect(viewer.consoleErrors).toEqual([]);
  });
});

for (const backend of BACKENDS) {
  test.describe(`viewer on the ${backend} backend`, () => {
    test('corpus CT: GPU render, scroll, window/level, length and ROI against the file', async ({
      page,
      backendUrl,
    }) => {
      const viewer = new ViewerPage(page);
      await viewer.open(backendUrl(backend), [CT_SERIES.studyInstanceUID!]);
      await viewer.waitForImage(0);

      // Cornerstone's WebGL path, not the CPU fallback (SwiftShader provides WebGL2 headless).
      await expect(page.locator('.viewer')).toHaveAttribute('data-render-mode', 'gpu');
      await expect(viewer.overlay(0).locator('.render-badge')).toHaveText('GPU');
      await expect(viewer.overlay(0)).toContainText('Se 202');

      // The first slice is above the phantom (only the head holder shows); go to the middle.
      await viewer.page.locator('.viewport[data-slot="0"]').hover();
      await viewer.pressKey('End');
      await expect.poll(async () => (await viewer.imageIndex(0)).index).toBe(140);
      await viewer.pressKey('Home');
      await expect.poll(async () => (await viewer.imageIndex(0)).index).toBe(1);
      const box = (await viewer.viewport(0).boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      for (let i = 0; i < 7; i++) await page.mouse.wheel(0, 100);
      await expect.poll(async () => (await viewer.imageIndex(0)).index).toBeGreaterThan(1);
      await viewer.pressKey('PageDown', 6);
      await expect.poll(async () => (await viewer.imageIndex(0)).index).toBeGreaterThan(60);
      const { index } = await viewer.imageIndex(0);
      await expect(viewer.overlay(0)).toContainText('W 80 L 40');

      // Rendered pixels are not blank: a head phantom at the brain window has structure.
      const before = await viewer.canvasStats(0);
      expect(before.nonBlack).toBeGreaterThan(0.02);
      expect(before.distinct).toBeGreaterThan(10);

      // Window/level drag (left button, W/L is the default tool) changes the window and the pixels.
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2 + 40, { steps: 6 });
      await page.mouse.up();
      const window = await viewer.window(0);
      expect(window.width === 80 && window.center === 40).toBe(false);
      const after = await viewer.canvasStats(0);
      expect(Math.abs(after.mean - before.mean)).toBeGreaterThan(1);
      await viewer.pressKey('5'); // Mediastinum preset: W 350 L 50
      await expect(viewer.overlay(0)).toContainText('W 350 L 50');

      // Length between two known pixels: 200 columns apart on one row.
      const map = await viewer.pixelMap(0);
      const frame = readNativeFrame(ctSliceFile(index - 1));
      const [, columnSpacing] = frame.pixelSpacing!;
      await viewer.selectTool('Length');
      await viewer.dragOnImage(map, [150, 300], [350, 300]);
      // The tool updates its label throttled, so read it until it settles on the final value.
      const expectedLength = 200 * columnSpacing;
      await expect
        .poll(
          async () =>
            Math.abs(Number(/([\d.]+) mm/.exec(await viewer.annotationText(0))?.[1]) - expectedLength) / expectedLength,
        )
        .toBeLessThan(0.01);

      // Rectangle ROI inside the central cylinder: handles a quarter pixel outside pixel centres 243..257 × 234..248, so exactly those pixels count.
      await viewer.selectTool('RectangleROI');
      await viewer.dragOnImage(map, [242.75, 233.75], [257.25, 248.25]);
      const expectedMean = regionMean(frame, [243, 234], [257, 248]);
      await expect
        .poll(async () =>
          Math.abs(Number(/Mean: (-?[\d.]+) HU/.exec(await viewer.annotationText(0))?.[1]) - expectedMean),
        )
        .toBeLessThan(0.51);
      const roiText = await viewer.annotationText(0);
      expect(roiText).toMatch(/Area: [\d.]+ mm²/);
      expect(roiText).toMatch(/Std Dev: [\d.]+ HU/);

      expect(viewer.consoleErrors).toEqual([]);
    });

    test('demo CT: ellipse ROI in each calibration rod reads its exact HU', async ({ page, backendUrl }) => {
      test.skip(backend === 'orthanc', 'the demo studies live in the embedded archive');
      const viewer = new ViewerPage(page);
      await viewer.open(backendUrl(backend), [demoStudyInstanceUIDs['ct-phantom']]);
      await viewer.waitForImage(0);
      await viewer.viewport(0).hover();
      await viewer.pressKey('PageDown', 6);
      const map = await viewer.pixelMap(0);
      await viewer.selectTool('EllipticalROI');
      // The ellipse tool drags from the centre out to the radii. Right to left, so no label lands on a rod still to measure.
      const rods = [...ctPhantomGeometry.inserts].sort((a, b) => b.centerPixel.column - a.centerPixel.column);
      for (const insert of rods) {
        const { column, row } = insert.centerPixel;
        const radius = (insert.uniformRadiusMm / ctPhantomGeometry.pixelSpacing[1]) * 0.6;
        await viewer.dragOnImage(map, [column, row], [column + radius, row + radius]);
      }
      const means = async () =>
        [...(await viewer.annotationText(0)).matchAll(/Mean: (-?[\d.]+) HU/g)]
          .map((match) => Number(match[1]))
          .sort((a, b) => a - b);
      await expect.poll(means).toEqual(ctPhantomGeometry.inserts.map((insert) => insert.hu).sort((a, b) => a - b));
      const text = await viewer.annotationText(0);
      expect([...text.matchAll(/Std Dev: ([\d.]+) HU/g)].map((match) => Number(match[1]))).toEqual([0, 0, 0]);
      expect(viewer.consoleErrors).toEqual([]);
    });

    // Orthanc leaves Pixel Data out of compressed instances' metadata; the proxy lists it, or the viewer would see "no image".
    test('JPEG multi-frame cine: every frame listed, shown and played', async ({ page, backendUrl }) => {
      const viewer = new ViewerPage(page);
      await viewer.open(backendUrl(backend), [XA_CINE.studyInstanceUID!]);
      await viewer.waitForImage(0);
      expect(await viewer.imageIndex(0)).toEqual({ index: 1, count: 96 });
      expect((await viewer.canvasStats(0)).distinct).toBeGreaterThan(10);
      await viewer.viewport(0).hover();
      await page.keyboard.press('c');
      await expect.poll(async () => (await viewer.imageIndex(0)).index, { timeout: 10_000 }).toBeGreaterThan(5);
      await page.keyboard.press('c');
      expect(viewer.consoleErrors).toEqual([]);
    });

    test('2x2 layout: two series side by side, drag and drop, screenshot', async ({ page, backendUrl }) => {
      const viewer = new ViewerPage(page);
      await viewer.open(backendUrl(backend), [CT_SERIES.studyInstanceUID!, MR_SERIES.studyInstanceUID!]);
      // Two studies hang side by side.
      await viewer.waitForImage(0);
      await viewer.waitForImage(1);
      await expect(page.locator('.viewport-grid')).toHaveAttribute('data-layout', '1x2');
      await page.locator('.viewer-toolbar [data-layout="2x2"]').click();
      await expect(page.locator('.viewport')).toHaveCount(4);
      // Drag the MR onto the bottom-left viewport; click the CT into the bottom-right (active) one.
      await page.locator(`.series-thumb[data-series-uid="${MR_SERIES.seriesInstanceUID}"]`).dragTo(viewer.viewport(2));
      await viewer.waitForImage(2);
      await viewer.viewport(3).click();
      await page.locator(`.series-thumb[data-series-uid="${CT_SERIES.seriesInstanceUID}"]`).click();
      await viewer.waitForImage(3);
      await viewer.viewport(3).hover();
      await viewer.pressKey('PageDown', 7);
      await viewer.pressKey('8');
      await viewer.viewport(2).click();
      await viewer.pressKey('PageDown', 6);
      await viewer.viewport(0).click();
      await viewer.pressKey('PageDown', 7);
      await viewer.pressKey('1');
      for (const slot of [0, 1, 2, 3]) expect((await viewer.canvasStats(slot)).nonBlack).toBeGreaterThan(0.02);
      await expect(viewer.overlay(1)).toContainText(/[LRAPHF]/);
      await page.mouse.move(5, 5);
      await page.screenshot({ path: path.join(SCREENSHOTS, `viewer-2x2-${backend}.png`) });
      expect(viewer.consoleErrors).toEqual([]);
    });
  });
}
