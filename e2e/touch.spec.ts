import {
  devices,
  type Browser,
  type BrowserContextOptions,
  type CDPSession,
  type Locator,
  type Page,
} from '@playwright/test';
import { manifest } from '../test/support/corpus';
import { demoStudyInstanceUIDs } from '../src/server/demo';
import { expect, test } from './fixtures';
import { E2E_ADMIN } from '../test/support/signIn';
import { saveScreenshot } from './support/screenshots';
import { ViewerPage } from './support/viewerPage';

const CT_SERIES = manifest.entries.find((entry) => entry.path === 'series/ct-philips-head-phantom-1mm/')!;
const STUDIES = [
  { name: 'corpus CT', uid: CT_SERIES.studyInstanceUID! },
  { name: 'demo CT', uid: demoStudyInstanceUIDs['ct-phantom'] },
];

// Whole reading journeys on phone-density canvases (up to 1170 × 1992 device pixels), drawn by
// SwiftShader on shared CPUs: a minute alone, more beside other runs.
test.describe.configure({ timeout: 180_000 });

/** Playwright's device profiles, in the Chromium the suite drives (they name WebKit for the Apple ones). */
function profile(name: string): BrowserContextOptions {
  const { defaultBrowserType: _browser, ...options } = devices[name]!;
  return options;
}

/**
 * One layout each: a portrait phone reads both CTs (the corpus's and the demo's), a tablet the
 * corpus CT. A second portrait phone (Pixel 7) repeated the iPhone's layout and checks; Android's
 * narrowest width is the 360 px test below, a phone on its side the landscape test.
 */
const TOUCH_DEVICES = [
  { file: 'iphone-13', options: profile('iPhone 13'), studies: STUDIES },
  { file: 'ipad', options: profile('iPad (gen 7)'), studies: STUDIES.slice(0, 1) },
];

/** Every action of the desktop toolbar (src/app/viewer/Toolbar.tsx), as a locator inside the viewer's toolbar. */
const ACTIONS: [name: string, find: (toolbar: Locator) => Locator][] = [
  ...[
    'WindowLevel',
    'Pan',
    'Zoom',
    'StackScroll',
    'Length',
    'Angle',
    'RectangleROI',
    'EllipticalROI',
    'Probe',
    'ArrowAnnotate',
    'Eraser',
  ].map((tool): [string, (toolbar: Locator) => Locator] => [
    `tool ${tool}`,
    (toolbar) => toolbar.locator(`[data-tool="${tool}"]`),
  ]),
  ...['1x1', '1x2', '2x1', '2x2'].map((layout): [string, (toolbar: Locator) => Locator] => [
    `layout ${layout}`,
    (toolbar) => toolbar.locator(`[data-layout="${layout}"]`),
  ]),
  ...['Invert', 'Rotate', 'Flip H', 'Flip V', '1:1', 'Reset', 'Play', 'Tags', 'Share', 'Report', 'Next key'].map(
    (name): [string, (toolbar: Locator) => Locator] => [
      name,
      (toolbar) => toolbar.getByRole('button', { name, exact: true }),
    ],
  ),
  ['Window preset', (toolbar) => toolbar.getByRole('combobox', { name: 'Window preset' })],
  ['Window width', (toolbar) => toolbar.getByRole('textbox', { name: 'Window width' })],
  ['Window level', (toolbar) => toolbar.getByRole('textbox', { name: 'Window level' })],
  ['Frames per second', (toolbar) => toolbar.getByRole('spinbutton', { name: 'Frames per second' })],
  ['Download', (toolbar) => toolbar.locator('.download-menu > summary')],
  // The star is on the phone's bar and again in its "More" menu: either one will do.
  ['Key image', (toolbar) => toolbar.getByRole('button', { name: 'Key image', exact: true }).first()],
  // "?" at a workstation, "Gestures" on a touch screen.
  ['Help', (toolbar) => toolbar.getByRole('button', { name: /^(\?|Gestures)$/ })],
];

/** Fingers on the screen through the DevTools protocol: the browser makes real touch (and pointer) events of them. */
class Fingers {
  private constructor(private readonly cdp: CDPSession) {}

  static async on(page: Page): Promise<Fingers> {
    return new Fingers(await page.context().newCDPSession(page));
  }

  private send(
    type: 'touchStart' | 'touchMove' | 'touchEnd',
    points: readonly (readonly [number, number])[],
  ): Promise<unknown> {
    return this.cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points.map(([x, y], id) => ({ x, y, id })) });
  }

  /** Each finger moves in a straight line from its start to its end, in small steps, then lifts. */
  async gesture(
    paths: readonly { from: readonly [number, number]; to: readonly [number, number] }[],
    steps = 12,
  ): Promise<void> {
    const at = (t: number) =>
      paths.map(({ from, to }) => [from[0] + (to[0] - from[0]) * t, from[1] + (to[1] - from[1]) * t] as const);
    await this.send('touchStart', at(0));
    for (let step = 1; step <= steps; step++) await this.send('touchMove', at(step / steps));
    await this.send('touchEnd', []);
  }

  async drag(from: readonly [number, number], to: readonly [number, number]): Promise<void> {
    await this.gesture([{ from, to }]);
  }

  /** Two fingers either side of a centre, moving apart (zoom in) or together. */
  async pinch(centre: readonly [number, number], fromGap: number, toGap: number): Promise<void> {
    const [x, y] = centre;
    await this.gesture([
      { from: [x - fromGap / 2, y], to: [x - toGap / 2, y] },
      { from: [x + fromGap / 2, y], to: [x + toGap / 2, y] },
    ]);
  }

  /** Taps; Cornerstone reports the series 300 ms after the last one, so wait for the effect, not the call. */
  async tap(point: readonly [number, number], times = 1): Promise<void> {
    for (let i = 0; i < times; i++) {
      await this.send('touchStart', [point]);
      await this.send('touchEnd', []);
    }
  }

  async dispose(): Promise<void> {
    await this.cdp.detach();
  }
}

async function zoomPercent(viewer: ViewerPage): Promise<number> {
  const text = (await viewer.overlay(0).locator('.bottom-right').textContent()) ?? '';
  const match = /Zoom (\d+)%/.exec(text);
  if (!match) throw new Error(`No zoom in "${text}"`);
  return Number(match[1]);
}

/** The page fits its width (nothing to scroll sideways) and the image takes the screen. */
async function expectImageFillsScreen(
  page: Page,
  viewer: ViewerPage,
  minWidth: number,
  minHeight: number,
): Promise<void> {
  const size = page.viewportSize()!;
  const overflow = await page.evaluate(
    () => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth) - window.innerWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  const box = (await viewer.viewport(0).boundingBox())!;
  expect(box.width / size.width).toBeGreaterThanOrEqual(minWidth);
  expect(box.height / size.height).toBeGreaterThanOrEqual(minHeight);
}

/** No two overlay texts (corners, orientation markers) share a pixel. */
async function expectOverlayApart(viewer: ViewerPage): Promise<void> {
  const boxes = await viewer.overlay(0).evaluate((overlay) =>
    [...overlay.querySelectorAll('.overlay-corner, .marker')].map((element) => {
      const box = element.getBoundingClientRect();
      return { name: element.className, left: box.left, right: box.right, top: box.top, bottom: box.bottom };
    }),
  );
  expect(boxes.length).toBeGreaterThanOrEqual(4);
  for (const [index, a] of boxes.entries()) {
    for (const b of boxes.slice(index + 1)) {
      const overlap = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
      expect(overlap, `${a.name} overlaps ${b.name}`).toBe(false);
    }
  }
}

/** The control itself is what a finger at its centre lands on (nothing covers it). */
async function expectTopmost(control: Locator, name: string): Promise<void> {
  const covered = await control.evaluate((element) => {
    const box = element.getBoundingClientRect();
    const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return top !== null && !element.contains(top);
  });
  expect(covered, `${name} is covered`).toBe(false);
}

/** The touch bar's controls sit on one row inside the screen's width, none squeezed below a finger's 44 px. */
async function expectTouchBarFits(page: Page): Promise<void> {
  const boxes = await page.locator('.touch-bar > *').evaluateAll((controls) =>
    controls.map((control) => {
      const box = control.getBoundingClientRect();
      return { name: control.textContent ?? '', left: box.left, right: box.right, top: box.top, height: box.height };
    }),
  );
  expect(boxes.map((box) => box.name)).toEqual(expect.arrayContaining(['Report', 'More', 'Measure']));
  const width = page.viewportSize()!.width;
  for (const box of boxes) {
    expect(box.left, box.name).toBeGreaterThanOrEqual(0);
    expect(box.right, box.name).toBeLessThanOrEqual(width + 0.5);
    expect(box.top, box.name).toBeCloseTo(boxes[0]!.top, 0);
    expect(box.height, box.name).toBeGreaterThanOrEqual(44);
  }
}

/** Every desktop toolbar action is on screen and can take a tap, straight away or from "More". */
async function expectEveryActionReachable(page: Page, staff: boolean): Promise<void> {
  const toolbar = page.getByRole('toolbar', { name: 'Viewer tools' });
  const more = toolbar.getByRole('button', { name: 'More' });
  const menuClosed = async () => (await more.count()) > 0 && (await more.getAttribute('aria-expanded')) === 'false';
  const size = page.viewportSize()!;
  for (const [name, find] of ACTIONS) {
    // A recipient gets no Share, and Download only where the link allows it (this one does not).
    if ((name === 'Share' || name === 'Download') && !staff) continue;
    const control = find(toolbar);
    if (!(await control.isVisible()) && (await menuClosed())) await more.click();
    await expect(control, name).toBeVisible();
    // "More" scrolls where it is taller than the screen (a phone on its side): a finger scrolls it too.
    await control.scrollIntoViewIfNeeded();
    const box = (await control.boundingBox())!;
    expect(box.x, name).toBeGreaterThanOrEqual(0);
    expect(box.y, name).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, name).toBeLessThanOrEqual(size.width + 0.5);
    expect(box.y + box.height, name).toBeLessThanOrEqual(size.height + 0.5);
    // "Next key" waits, disabled, until a key image is marked; it must still be there, on top.
    if (name === 'Next key' && (await control.isDisabled())) {
      await expectTopmost(control, name);
      continue;
    }
    // Actionable: visible, enabled, and the topmost element where a finger would land.
    await control.click({ trial: true });
  }
  if ((await more.count()) > 0 && !(await menuClosed())) await more.click();
  await expect(toolbar.getByRole('group', { name: 'More tools' })).toHaveCount(0);
}

/**
 * Reads a CT the way a consultant does on a phone: one finger scrolls, a pinch zooms, a double tap
 * fits, a tap hides the text, W/L mode windows, Measure draws a length.
 */
async function readWithFingers(page: Page, viewer: ViewerPage, fingers: Fingers): Promise<void> {
  const box = (await viewer.viewport(0).boundingBox())!;
  const centre: [number, number] = [box.x + box.width / 2, box.y + box.height / 2];

  // One finger, downwards: the stack scrolls (Scroll is the touch layout's starting mode).
  await expect(page.locator('.touch-toolbar [data-tool="StackScroll"]')).toHaveAttribute('aria-pressed', 'true');
  const before = await viewer.imageIndex(0);
  await fingers.drag([centre[0], box.y + box.height * 0.3], [centre[0], box.y + box.height * 0.7]);
  await expect.poll(async () => (await viewer.imageIndex(0)).index).toBeGreaterThan(before.index);

  // Pinch out: the zoom grows (and not a pan: the image number and window stay).
  const fitted = await zoomPercent(viewer);
  const window = await viewer.window(0);
  await fingers.pinch(centre, 60, Math.min(box.width, box.height) * 0.6);
  await expect.poll(() => zoomPercent(viewer)).toBeGreaterThan(fitted * 1.3);
  expect(await viewer.window(0)).toEqual(window);

  // Double tap: back to the fitted zoom.
  await fingers.tap(centre, 2);
  await expect.poll(() => zoomPercent(viewer)).toBe(fitted);

  // A tap hides the overlay text; another brings it back.
  await fingers.tap(centre);
  await expect(page.locator('.viewer')).toHaveAttribute('data-overlay', 'hidden');
  await expect(viewer.overlay(0).locator('.top-left')).toBeHidden();
  await fingers.tap(centre);
  await expect(page.locator('.viewer')).toHaveAttribute('data-overlay', 'shown');
  await expect(viewer.overlay(0).locator('.top-left')).toBeVisible();

  // W/L mode: the same finger now windows.
  await page.locator('.touch-toolbar [data-tool="WindowLevel"]').click();
  await fingers.drag([centre[0] - 60, centre[1]], [centre[0] + 60, centre[1] + 30]);
  await expect.poll(async () => JSON.stringify(await viewer.window(0))).not.toBe(JSON.stringify(window));

  // Measure: a finger drags a length, labelled in millimetres.
  await page.locator('.touch-toolbar [data-tool="Length"]').click();
  await fingers.drag([centre[0] - box.width * 0.25, centre[1]], [centre[0] + box.width * 0.25, centre[1]]);
  await expect.poll(() => viewer.annotationText(0)).toMatch(/[\d.]+ mm/);

  // The Zoom tool (from More) zooms under one finger, where it used to pan; Fit undoes it.
  await page.getByRole('button', { name: 'More' }).click();
  await page.locator('.touch-toolbar [data-tool="Zoom"]').click();
  await expect(page.getByRole('group', { name: 'More tools' })).toHaveCount(0);
  await fingers.drag([centre[0], centre[1] - 80], [centre[0], centre[1] + 80]);
  await expect.poll(() => zoomPercent(viewer)).toBeGreaterThan(fitted * 1.3);
  await page.getByRole('button', { name: 'Fit', exact: true }).click();
  await expect.poll(() => zoomPercent(viewer)).toBe(fitted);
  await page.locator('.touch-toolbar [data-tool="StackScroll"]').click();
}

for (const device of TOUCH_DEVICES) {
  test.describe(`touch layout on ${device.file}`, () => {
    test.use(device.options);

    for (const study of device.studies) {
      test(`staff read the ${study.name} with their fingers`, async ({ page, archiveUrl }) => {
        const viewer = new ViewerPage(page);
        const fingers = await Fingers.on(page);
        await viewer.open(archiveUrl, [study.uid]);
        await viewer.waitForImage(0);
        await expect(page.locator('.viewer')).toHaveClass(/viewer-touch/);
        await expect(page.locator('.viewer')).toHaveAttribute('data-render-mode', 'gpu');

        await expectImageFillsScreen(page, viewer, 0.85, 0.55);
        await expectOverlayApart(viewer);
        await expectEveryActionReachable(page, true);
        await readWithFingers(page, viewer, fingers);
        expect((await viewer.canvasStats(0)).nonBlack).toBeGreaterThan(0.02);

        if (study === STUDIES[0]) {
          // The help shows gestures, not keys.
          await page.getByRole('button', { name: 'More' }).click();
          await page.getByRole('button', { name: 'Gestures' }).click();
          const help = page.getByRole('dialog', { name: 'Touch gestures' });
          await expect(help).toContainText('Pinch');
          await expect(help).toContainText('Double tap');
          await help.getByRole('button', { name: 'Close' }).click();
          await expect(help).toBeHidden();
          // A keyboard (a tablet's, say) gets the keys.
          await page.keyboard.press('?');
          await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toContainText('Window preset 1');
          await page.keyboard.press('Escape');
          await saveScreenshot(page, `touch-${device.file}`);
        }
        await fingers.dispose();
        expect(viewer.consoleErrors).toEqual([]);
      });
    }
  });
}

test.describe('touch layout on a phone on its side', () => {
  test.use(profile('iPhone 13 landscape'));

  test('the image keeps most of the screen in landscape', async ({ page, archiveUrl }) => {
    const viewer = new ViewerPage(page);
    await viewer.open(archiveUrl, [STUDIES[0]!.uid]);
    await viewer.waitForImage(0);
    await expect(page.locator('.viewer')).toHaveClass(/viewer-touch/);
    await expectImageFillsScreen(page, viewer, 0.75, 0.7);
    await expectOverlayApart(viewer);
    await expectEveryActionReachable(page, true);
    const fingers = await Fingers.on(page);
    const box = (await viewer.viewport(0).boundingBox())!;
    await fingers.drag([box.x + box.width / 2, box.y + 10], [box.x + box.width / 2, box.y + 10 + box.height * 0.45]);
    await expect.poll(async () => (await viewer.imageIndex(0)).index).toBeGreaterThan(40);
    await fingers.dispose();
    await saveScreenshot(page, 'touch-iphone-13-landscape');
    expect(viewer.consoleErrors).toEqual([]);
  });
});

test.describe('touch layout on a 360 px wide phone', () => {
  test.use({ ...profile('Pixel 7'), viewport: { width: 360, height: 740 } });

  test('two studies: the series strip runs sideways, a tap on it loads a series, every tool reachable', async ({
    page,
    archiveUrl,
  }) => {
    const viewer = new ViewerPage(page);
    const mr = manifest.entries.find((entry) => entry.path === 'series/mr-studyforrest-t1w-brain-slab/')!;
    await viewer.open(archiveUrl, [STUDIES[0]!.uid, mr.studyInstanceUID!]);
    await viewer.waitForImage(0);
    await viewer.waitForImage(1);
    const strip = page.getByRole('navigation', { name: 'Series' });
    const thumbs = strip.locator('.series-thumb');
    await expect(thumbs).toHaveCount(2);
    // Side by side in a strip below the images, not a column beside them.
    const [first, second] = [(await thumbs.nth(0).boundingBox())!, (await thumbs.nth(1).boundingBox())!];
    expect(second.x).toBeGreaterThan(first.x + first.width - 1);
    expect(Math.abs(second.y - first.y)).toBeLessThan(1);
    const grid = (await page.locator('.viewport-grid').boundingBox())!;
    expect(grid.width).toBeGreaterThanOrEqual(360 * 0.85);
    expect((await strip.boundingBox())!.y).toBeGreaterThanOrEqual(grid.y + grid.height - 1);
    await expectImageFillsScreen(page, viewer, 0.85, 0.3);
    await expectTouchBarFits(page);
    await expectEveryActionReachable(page, true);

    // A tap on the MR's thumbnail shows it in the active (first) viewport.
    await page.getByRole('button', { name: 'More' }).click();
    await page.locator('.touch-toolbar [data-layout="1x1"]').click();
    await expect(page.locator('.viewport')).toHaveCount(1);
    await strip.locator(`.series-thumb[data-series-uid="${mr.seriesInstanceUID}"]`).tap();
    await viewer.waitForImage(0);
    await expect(viewer.overlay(0)).not.toContainText('Se 202');
    await expectImageFillsScreen(page, viewer, 0.85, 0.55);
    await expectOverlayApart(viewer);
    await saveScreenshot(page, 'touch-360-series');
    await page.getByRole('button', { name: 'More' }).click();
    await saveScreenshot(page, 'touch-360-more');
    expect(viewer.consoleErrors).toEqual([]);
  });
});

/** A link to the corpus CT, made by the e2e admin through the API. */
async function shareCt(browser: Browser, baseURL: string): Promise<string> {
  const context = await browser.newContext({ baseURL });
  const login = await context.request.post('/api/login', { data: E2E_ADMIN });
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const created = await context.request.post('/api/shares', {
    headers: { 'X-CSRF-Token': csrfToken },
    data: {
      studyInstanceUIDs: [CT_SERIES.studyInstanceUID],
      expiresInSeconds: 3600,
      label: 'Dr Wilson, neurology, on call tonight',
    },
  });
  expect(created.status()).toBe(201);
  const { url } = (await created.json()) as { url: string };
  await context.close();
  return url;
}

test('a consultant opens a share on a phone: one-line banner, the CT fills the screen, fingers read it', async ({
  browser,
  archiveUrl,
}) => {
  const link = await shareCt(browser, archiveUrl);
  const context = await browser.newContext({ ...profile('iPhone 13'), baseURL: archiveUrl });
  const page = await context.newPage();
  // The page carries the session checks' answers (index.html's bootstrap): no request is refused.
  const refused: string[] = [];
  page.on('response', (response) => {
    if (response.status() === 401) refused.push(new URL(response.url()).pathname);
  });
  await page.goto(link);
  await page.getByRole('button', { name: 'Open the images' }).click();
  const viewer = new ViewerPage(page);
  await viewer.waitForImage(0);

  const banner = page.getByRole('status', { name: 'Shared study' });
  await expect(banner).toContainText('Shared by');
  const lineHeight = await banner.evaluate((element) => parseFloat(getComputedStyle(element).fontSize) * 1.6);
  const bannerBox = (await banner.boundingBox())!;
  expect(bannerBox.height).toBeLessThanOrEqual(lineHeight + 10);
  await expect(page.getByRole('button', { name: 'Share', exact: true })).toHaveCount(0);

  await expectImageFillsScreen(page, viewer, 0.85, 0.55);
  await expectOverlayApart(viewer);
  await expectEveryActionReachable(page, false);
  const fingers = await Fingers.on(page);
  await readWithFingers(page, viewer, fingers);
  await fingers.dispose();
  await saveScreenshot(page, 'touch-share-iphone-13');
  expect(refused).toEqual([]);
  expect(viewer.consoleErrors).toEqual([]);
  await context.close();
});

test('desktop keeps the workstation layout: series column, one toolbar, every action in view', async ({
  page,
  archiveUrl,
}) => {
  const viewer = new ViewerPage(page);
  await viewer.open(archiveUrl, [STUDIES[0]!.uid]);
  await viewer.waitForImage(0);
  await expect(page.locator('.viewer')).not.toHaveClass(/viewer-touch/);
  await expect(page.locator('.touch-toolbar')).toHaveCount(0);
  await expect(page.locator('.series-panel')).toHaveCSS('width', '168px');
  await expect(page.locator('.viewer-toolbar [data-tool="WindowLevel"]')).toHaveAttribute('aria-pressed', 'true');
  await expectImageFillsScreen(page, viewer, 0.8, 0.85);
  await expectOverlayApart(viewer);
  await expectEveryActionReachable(page, true);
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toContainText('Window preset 1');
  await page.keyboard.press('Escape');
  await page.mouse.move(5, 5);
  await saveScreenshot(page, 'touch-desktop');
  expect(viewer.consoleErrors).toEqual([]);
});
