import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { corpusDir, manifest } from '../test/support/corpus';
import { dciodvfy } from '../test/support/dicomValidators';
import { enhancedObjects } from '../test/support/generated/enhanced';
import type { GeneratedObject } from '../test/support/generated/types';
import { expect, test } from './fixtures';
import { compareWithCanvas } from './support/bitmap';
import {
  expectedFrame,
  frameCount,
  frameValues,
  parseEnhanced,
  scannerStacks,
  type ScannerStack,
} from './support/enhancedReference';
import { randomUid, withFreshUids } from './support/part10';
import { stowOne, writeHeaders } from './support/stow';
import { ViewerPage } from './support/viewerPage';

/**
 * Enhanced multi-frame objects shown per frame, as the scanner meant them. Each generated object
 * (Philips, Siemens XA, GE, Canon, Bruker encodings; test/support/generated/enhanced.ts) is stored
 * alone with fresh UIDs and opened: the series panel lists its stacks (stack, time point, echo) in
 * the scanner's order with their frame counts, and for the first, middle and last frame of each
 * stack the canvas, at 1:1 with the window the viewer chose by itself, matches the picture computed
 * here from the file's own values for that frame: stored value → that frame's Rescale Slope and
 * Intercept → that frame's window (PS3.3 C.11.2.1.2.1). Mean absolute difference ≤ 1.5 grey levels
 * (8-bit rounding, and Cornerstone's window bounds differ from the standard's by half a unit).
 */
const TOLERANCE = 1.5;

/** What the panel calls a stack; the independent reading of the file's Frame Content says which. */
function stackLabel(stack: ScannerStack, all: readonly ScannerStack[]): string {
  const varies = (read: (candidate: ScannerStack) => unknown) => new Set(all.map(read)).size > 1;
  const echoes = [...new Set(all.map((candidate) => candidate.echoTime))].sort((a, b) => Number(a) - Number(b));
  return [
    varies((candidate) => candidate.stackId) && `Stack ${stack.stackId}`,
    varies((candidate) => candidate.temporalPosition) && `Time ${stack.temporalPosition}`,
    varies((candidate) => candidate.echoTime) &&
      `Echo ${echoes.indexOf(stack.echoTime) + 1} (TE ${Math.round(stack.echoTime! * 100) / 100} ms)`,
  ]
    .filter(Boolean)
    .join(', ');
}

async function storeCopy(bytes: Uint8Array, dicomwebUrl: string, headers: Record<string, string>): Promise<string> {
  const uids = { study: randomUid(), series: randomUid(), sop: randomUid() };
  const stored = await stowOne(dicomwebUrl, withFreshUids(bytes, uids), headers);
  expect(stored.status, stored.text.slice(0, 200)).toBe(200);
  return uids.study;
}

/** The canvas around its centre, where the 1:1 image sits, with a margin for the ±2 pixel search. */
async function canvasPixels(viewer: ViewerPage, width: number, height: number) {
  const { w, h, base64 } = await viewer.canvas(0).evaluate(
    (canvas: HTMLCanvasElement, size) => {
      const x = Math.round((canvas.width - size.width) / 2) - 2;
      const y = Math.round((canvas.height - size.height) / 2) - 2;
      const data = canvas.getContext('2d')!.getImageData(x, y, size.width + 4, size.height + 4).data;
      let binary = '';
      for (let i = 0; i < data.length; i += 0x8000) binary += String.fromCharCode(...data.subarray(i, i + 0x8000));
      return { w: size.width + 4, h: size.height + 4, base64: btoa(binary) };
    },
    { width, height },
  );
  return { width: w, height: h, rgba: new Uint8Array(Buffer.from(base64, 'base64')) };
}

/** Shows display position `index` of the stack on screen at 1:1 and returns how far the canvas is from frame `frameNumber`. */
async function madAt(
  viewer: ViewerPage,
  file: ReturnType<typeof parseEnhanced>,
  index: number,
  count: number,
  frameNumber: number,
): Promise<number> {
  await viewer.pressKey('Home');
  await viewer.pressKey('ArrowDown', index);
  await expect(viewer.overlay(0).locator('.bottom-left')).toContainText(`Im ${index + 1} / ${count}`);
  await viewer.pressKey('o');
  await expect(viewer.overlay(0)).toContainText('Zoom 100%');
  const reference = expectedFrame(file, frameNumber);
  let mad = Number.POSITIVE_INFINITY;
  // The counter moves when the frame is asked for; the pixels follow once it is decoded.
  await expect
    .poll(
      async () => {
        mad = compareWithCanvas(reference, await canvasPixels(viewer, reference.width, reference.height)).mad;
        return mad;
      },
      { timeout: 10_000 },
    )
    .toBeLessThanOrEqual(TOLERANCE);
  return mad;
}

const objects: GeneratedObject[] = enhancedObjects();

test.describe('enhanced multi-frame objects', () => {
  test('the generated objects are valid IODs whose frames differ in rescale and window', async () => {
    for (const object of objects) {
      const report = await dciodvfy(object.bytes);
      expect(report.errors, object.name).toEqual([]);
      const file = parseEnhanced(object.bytes);
      const windows = new Set(
        Array.from({ length: frameCount(file) }, (_, index) => {
          const values = frameValues(file, index + 1);
          return `${values.slope}/${values.intercept}/${values.center}/${values.width}`;
        }),
      );
      expect(windows.size, `${object.name}: frames must differ`).toBeGreaterThan(1);
    }
  });

  for (const object of objects) {
    test(`${object.name}: stacks in the scanner's order, each frame with its own rescale and window`, async ({
      page,
      archiveUrl,
    }) => {
      test.setTimeout(180_000);
      const headers = await writeHeaders(archiveUrl);
      const study = await storeCopy(object.bytes, `${archiveUrl}/dicomweb`, headers);
      const file = parseEnhanced(object.bytes);
      const stacks = scannerStacks(file);
      const viewer = new ViewerPage(page);
      await viewer.open(archiveUrl, [study]);
      await viewer.waitForImage(0);

      const entries = page.locator('.series-thumb');
      await expect(entries).toHaveCount(stacks.length);
      for (const [index, stack] of stacks.entries()) {
        const count = stack.frames.length;
        await expect(entries.nth(index).locator('.series-thumb-count')).toContainText(
          `${count} ${count === 1 ? 'image' : 'images'}`,
        );
        if (stacks.length > 1)
          await expect(entries.nth(index).locator('.series-thumb-description')).toContainText(
            stackLabel(stack, stacks),
          );
      }

      const mads: string[] = [];
      for (const [index, stack] of stacks.entries()) {
        if (stacks.length > 1) await entries.nth(index).click();
        const count = stack.frames.length;
        await expect(viewer.overlay(0).locator('.bottom-left')).toContainText(`/ ${count}`);
        await viewer.waitForImage(0);
        for (const position of [...new Set([0, Math.floor(count / 2), count - 1])]) {
          const frameNumber = stack.frames[position]!;
          const mad = await madAt(viewer, file, position, count, frameNumber);
          mads.push(`stack ${index + 1} image ${position + 1} = frame ${frameNumber}: MAD ${mad.toFixed(2)}`);
        }
      }
      console.log(`${object.name}\n  ${mads.join('\n  ')}`);
      expect(viewer.consoleErrors).toEqual([]);
    });
  }

  test('a public enhanced MR opens with all its frames', async ({ page, archiveUrl }) => {
    const entry = manifest.entries.find(
      (candidate) => candidate.path === 'kinds/multiframe/mr-enhanced-knee-19frames.dcm',
    );
    expect(entry?.sopClassUID).toBe('1.2.840.10008.5.1.4.1.1.4.1');
    const headers = await writeHeaders(archiveUrl);
    const bytes = new Uint8Array(await readFile(path.join(corpusDir, entry!.path)));
    const study = await storeCopy(bytes, `${archiveUrl}/dicomweb`, headers);
    const viewer = new ViewerPage(page);
    await viewer.open(archiveUrl, [study]);
    await viewer.waitForImage(0);
    // One slice through 19 time points: one stack, browsed through time.
    await expect(page.locator('.series-thumb')).toHaveCount(1);
    await expect(page.locator('.series-thumb-count')).toContainText(`${entry!.frames} images`);
    expect(await viewer.imageIndex(0)).toEqual({ index: 1, count: entry!.frames });
    await viewer.pressKey('End');
    await expect(viewer.overlay(0).locator('.bottom-left')).toContainText(`Im ${entry!.frames} / ${entry!.frames}`);
    const stats = await viewer.canvasStats(0);
    expect(stats.distinct).toBeGreaterThan(16);
  });
});
