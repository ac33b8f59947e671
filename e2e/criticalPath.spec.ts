import type { Page } from '@playwright/test';
import { demoStudyInstanceUIDs } from '../src/server/demo';
import { expect, test } from './fixtures';
import { ViewerPage } from './support/viewerPage';

/**
 * The first image's requests (issue 13, "the critical path"): opening a study in the viewer costs
 * the HTML, the code and the study's own data, with no round trip in between; the image on screen
 * is asked for first and alone; the measurement tools' code follows the first image, and the reading
 * tools' code loads when first used. Checked by holding answers back rather than by timing them, so
 * a busy machine cannot change the verdict.
 */

const CT = demoStudyInstanceUIDs['ct-phantom'];

/** Frame requests only: not /rendered or /thumbnail answers. */
const isFrame = (url: URL) => /\/frames\/\d+$/.test(url.pathname);
const isSessionProbe = (url: URL) =>
  url.pathname === '/config.json' || /^\/api\/(me|share-session|patient-session|upload-session)$/.test(url.pathname);
const isSeriesList = (url: URL) => /\/studies\/[\d.]+\/series$/.test(url.pathname);
const isMetadata = (url: URL) => /\/series\/[\d.]+\/metadata$/.test(url.pathname);
const isScript = (url: URL) => url.pathname.startsWith('/assets/') && url.pathname.endsWith('.js');
/**
 * A logger name in Cornerstone's tool group code (@cornerstonejs/tools), which core and the image
 * loader do not contain and minification keeps: a script holding it holds the measurement tools.
 */
const TOOLS_MARKER = 'store.ToolGroupManager';

/** Every URL the page asks for, in the order asked. */
function recordRequests(page: Page): URL[] {
  const issued: URL[] = [];
  page.on('request', (request) => issued.push(new URL(request.url())));
  return issued;
}

test.describe('the first image’s critical path', () => {
  test('one HTML, then the study’s data without waiting for the viewer’s code', async ({ page, archiveUrl }) => {
    const issued = recordRequests(page);
    // The code the HTML names (entry chunk and its imports) goes through; every chunk loaded later
    // (the viewer, Cornerstone) is held until the series metadata has been asked for. Were the
    // data asked for by the viewer's code, nothing would move and the poll below would fail.
    const html = await (await page.request.get(`${archiveUrl}/viewer`)).text();
    let releaseChunks!: () => void;
    const chunksReleased = new Promise<void>((resolve) => (releaseChunks = resolve));
    await page.route(
      (url) => url.pathname.startsWith('/assets/') && url.pathname.endsWith('.js'),
      async (route) => {
        if (!html.includes(new URL(route.request().url()).pathname)) await chunksReleased;
        await route.continue();
      },
    );
    const viewer = new ViewerPage(page);
    const opened = viewer.open(archiveUrl, [CT]);
    await expect.poll(() => issued.some(isMetadata), { timeout: 30_000 }).toBe(true);
    expect(issued.some(isSeriesList)).toBe(true);
    const heldChunks = issued.filter((url) => url.pathname.startsWith('/assets/') && !html.includes(url.pathname));
    expect(heldChunks.length, 'the viewer’s chunks were asked for and held').toBeGreaterThan(0);
    releaseChunks();
    await opened;
    await viewer.waitForImage(0);

    // No config.json and no session probe: the gateway put both into the HTML.
    expect(issued[0]!.pathname).toBe('/viewer');
    expect(issued.filter(isSessionProbe).map((url) => url.pathname)).toEqual([]);
    // The viewer took the early answers: each asked once.
    expect(issued.filter(isSeriesList)).toHaveLength(1);
    expect(issued.filter(isMetadata)).toHaveLength(1);
    expect(viewer.consoleErrors).toEqual([]);
  });

  test('the image on screen is asked for first and alone; prefetch follows its answer', async ({
    page,
    archiveUrl,
  }) => {
    const issued = recordRequests(page);
    // The first frame's answer is held a while: any other frame asked for meanwhile would show here.
    let firstFrame: URL | undefined;
    let othersWhileHeld: URL[] | undefined;
    await page.route(
      (url) => isFrame(url),
      async (route) => {
        const url = new URL(route.request().url());
        if (firstFrame === undefined) {
          firstFrame = url;
          const before = issued.length;
          await new Promise((resolve) => setTimeout(resolve, 1500));
          othersWhileHeld = issued.slice(before).filter(isFrame);
        }
        await route.continue();
      },
    );
    const viewer = new ViewerPage(page);
    await viewer.open(archiveUrl, [CT]);
    await viewer.waitForImage(0);
    await expect.poll(() => issued.filter(isFrame).length, { timeout: 30_000 }).toBeGreaterThan(3);
    expect(issued.find(isFrame)?.href).toBe(firstFrame?.href);
    expect(othersWhileHeld?.map((url) => url.pathname)).toEqual([]);
    expect(viewer.consoleErrors).toEqual([]);
  });

  test('the decoder’s codec loads while the first frame is in flight', async ({ page, context, archiveUrl }) => {
    // The decode workers' requests are the context's, not the page's.
    const codec: URL[] = [];
    context.on('request', (request) => {
      const url = new URL(request.url());
      if (/^\/assets\/openjphjs-[\w-]+\.wasm$/.test(url.pathname)) codec.push(url);
    });
    // The first frame's answer is held until the codec is asked for, or long enough that a codec
    // fetched only once frame bytes arrive (no warm-up) shows as not asked for.
    let codecBeforeFirstFrame: boolean | undefined;
    await page.route(
      (url) => isFrame(url),
      async (route) => {
        if (codecBeforeFirstFrame === undefined) {
          codecBeforeFirstFrame = false;
          const deadline = Date.now() + 10_000;
          while (!codec.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
          codecBeforeFirstFrame = codec.length > 0;
        }
        await route.continue();
      },
    );
    const viewer = new ViewerPage(page);
    await viewer.open(archiveUrl, [CT]);
    await viewer.waitForImage(0);
    expect(codecBeforeFirstFrame, 'the HTJ2K codec was asked for before the first frame’s answer').toBe(true);
    expect(viewer.consoleErrors).toEqual([]);
  });

  test('the first image comes without the measurement tools’ code, which follows unasked', async ({
    page,
    archiveUrl,
  }) => {
    // Every script holding the tools is held until the first image is on screen. Were the tools
    // part of the code the first image needs, no image would come and the wait would time out.
    let imageShown = false;
    let releaseTools!: () => void;
    const toolsReleased = new Promise<void>((resolve) => (releaseTools = resolve));
    const toolScripts: string[] = [];
    const beforeImage: { path: string; bytes: number }[] = [];
    await page.route(isScript, async (route) => {
      const response = await route.fetch();
      const body = await response.body();
      const path = new URL(route.request().url()).pathname;
      if (body.includes(TOOLS_MARKER)) {
        toolScripts.push(path);
        await toolsReleased;
      } else if (!imageShown) beforeImage.push({ path, bytes: body.length });
      // The body comes decoded: the answer goes back without the gateway's encoding headers.
      const { 'content-encoding': _encoding, 'content-length': _length, ...headers } = response.headers();
      await route.fulfill({ status: response.status(), headers, body });
    });
    const viewer = new ViewerPage(page);
    await viewer.open(archiveUrl, [CT]);
    // The reader picks a measuring tool before the tools are here: the choice waits for them.
    await viewer.selectTool('Length');
    await viewer.waitForImage(0);
    imageShown = true;
    test.info().annotations.push({
      type: 'JS before the first image',
      description: `${beforeImage.reduce((sum, { bytes }) => sum + bytes, 0)} bytes in ${beforeImage.length} scripts`,
    });

    // The tools are asked for once the image is drawn (maybe just before the overlay says so),
    // without any reader action.
    await expect.poll(() => toolScripts.length, { timeout: 30_000 }).toBeGreaterThan(0);
    releaseTools();
    // They bind the viewport already shown (their annotation layer appears), and the first drag measures.
    await expect(viewer.viewport(0).locator('svg.svg-layer')).toHaveCount(1, { timeout: 30_000 });
    const box = await viewer.viewport(0).boundingBox();
    if (!box) throw new Error('The viewport has no box');
    const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
    await page.mouse.move(x - 100, y);
    await page.mouse.down();
    for (let step = 1; step <= 8; step++) await page.mouse.move(x - 100 + step * 25, y);
    await page.mouse.up();
    await expect.poll(() => viewer.annotationText(0)).toMatch(/[\d.]+ mm/);
    expect(viewer.consoleErrors).toEqual([]);
  });

  test('the tag browser and the report load their code when first opened', async ({ page, archiveUrl }) => {
    const issued = recordRequests(page);
    const viewer = new ViewerPage(page);
    await viewer.open(archiveUrl, [CT]);
    await viewer.waitForImage(0);
    const chunk = (name: string) =>
      issued.some((url) => new RegExp(`^/assets/${name}-[\\w-]+\\.js$`).test(url.pathname));
    expect(chunk('ViewerPage')).toBe(true);
    for (const name of ['TagBrowser', 'ReportPanel', 'ShortcutHelp']) expect(chunk(name), name).toBe(false);

    await page.getByRole('button', { name: 'Tags' }).click();
    await expect.poll(() => chunk('TagBrowser')).toBe(true);
    await page.getByRole('button', { name: 'Report', exact: true }).click();
    await expect.poll(() => chunk('ReportPanel')).toBe(true);
    expect(viewer.consoleErrors).toEqual([]);
  });
});
