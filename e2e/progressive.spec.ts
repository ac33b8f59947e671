import path from 'node:path';
import type { Page } from '@playwright/test';
import { corpusDir, manifest } from '../test/support/corpus';
import { expect, test } from './fixtures';
import { readNativeFrame } from './support/dicomPixels';
import { ViewerPage } from './support/viewerPage';

/**
 * Progressive loading (issue 13): the frame on screen is fetched as lossless HTJ2K in two byte
 * ranges; the first is painted as a preview (with its badge), the second completes the exact image.
 */

const CT_SERIES = manifest.entries.find((entry) => entry.path === 'series/ct-philips-head-phantom-1mm/')!;
const HTJ2K = '1.2.840.10008.1.2.4.202';
/** How long the rest of each frame is held back, so the preview stays on screen long enough to see. */
const REST_DELAY_MS = 3_000;

type SliceFile = { file: string; imagePositionPatient: [number, number, number] };

/** The slice the viewer shows first: head to feet, as the viewer orders an axial stack. */
function firstSliceFile(): string {
  const [first] = [...((CT_SERIES.files ?? []) as unknown as SliceFile[])].sort(
    (a, b) => b.imagePositionPatient[2] - a.imagePositionPatient[2],
  );
  return path.join(corpusDir, CT_SERIES.path, first!.file);
}

/** The share of lit pixels on the viewport canvas. */
function litShare(page: Page): Promise<number> {
  return page
    .locator('.viewport[data-slot="0"] canvas')
    .first()
    .evaluate(
      (canvas: HTMLCanvasElement) => {
        const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
        let lit = 0;
        for (let i = 0; i < data.length; i += 4) if (data[i]! > 8) lit++;
        return lit / (data.length / 4);
      },
      undefined,
      // The page is busy decoding the rest of the series meanwhile, on a machine shared with other runs.
      { timeout: 60_000 },
    );
}

interface FrameExchange {
  url: string;
  range: string | undefined;
  status: number;
  contentType: string | undefined;
  contentRange: string | undefined;
}

test.describe('progressive loading', () => {
  test('paints a preview from the first bytes of the HTJ2K frame, then the exact lossless image', async ({
    page,
    archiveUrl,
  }) => {
    const viewer = new ViewerPage(page);
    const exchanges: FrameExchange[] = [];
    page.on('response', (response) => {
      if (!/\/frames\/\d+\?accept=/.test(response.url())) return;
      const headers = response.headers();
      exchanges.push({
        url: response.url(),
        range: response.request().headers().range,
        status: response.status(),
        contentType: headers['content-type'],
        contentRange: headers['content-range'],
      });
    });
    await page.route(/\/frames\/\d+\?accept=/, async (route) => {
      const range = route.request().headers().range;
      if (range !== undefined && !range.startsWith('bytes=0-')) {
        await new Promise((resolve) => setTimeout(resolve, REST_DELAY_MS));
      }
      await route.continue();
    });

    await viewer.open(archiveUrl, [CT_SERIES.studyInstanceUID!]);
    const badge = viewer.overlay(0).locator('.quality-badge');
    await expect(badge).toHaveText('Preview', { timeout: 60_000 });
    await expect(viewer.overlay(0)).toHaveAttribute('data-status', 'ready');
    const preview = await litShare(page);
    // The first slice is the rim of the phantom: little, but not nothing.
    expect(preview).toBeGreaterThan(0.002);

    await expect(badge).toBeHidden({ timeout: 30_000 });
    await viewer.waitForImage(0);

    // The image on screen came as two ranges of one HTJ2K codestream: a small head, then the rest.
    const [first] = exchanges;
    expect(first?.range).toBe('bytes=0-16383');
    expect(first?.status).toBe(206);
    expect(first?.contentType).toBe(`image/jphc; transfer-syntax=${HTJ2K}`);
    const total = Number(/\/(\d+)$/.exec(first?.contentRange ?? '')?.[1]);
    expect(total).toBeGreaterThan(16_384);
    const rest = exchanges.find((exchange) => exchange.url === first?.url && exchange.range === 'bytes=16384-');
    expect(rest?.status).toBe(206);
    expect(rest?.contentRange).toBe(`bytes 16384-${total - 1}/${total}`);

    // Lossless: the values under the cursor are the file's own, across the image.
    const frame = readNativeFrame(firstSliceFile());
    const box = (await viewer.canvas(0).boundingBox())!;
    let compared = 0;
    for (let i = 1; i <= 5; i++) {
      for (let j = 1; j <= 5; j++) {
        const readout = await viewer.readoutAt(
          0,
          box.x + (box.width * (i + 1)) / 8,
          box.y + (box.height * (j + 1)) / 8,
        );
        if (!readout) continue;
        const value = Number(readout.text.split(' ')[0]);
        expect(value, `pixel (${readout.column}, ${readout.row})`).toBe(
          frame.values[readout.row * frame.columns + readout.column],
        );
        compared++;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(20);
    expect(viewer.consoleErrors).toEqual([]);
  });
});
