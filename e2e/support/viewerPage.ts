import { expect, type Locator, type Page } from '@playwright/test';

/** Linear map from client (page) coordinates to continuous pixel index along one axis. */
interface AxisMap {
  /** index = scale * client + offset; pixel centres sit on integers. */
  scale: number;
  offset: number;
}

interface PixelMap {
  column: AxisMap;
  row: AxisMap;
}

interface Readout {
  column: number;
  row: number;
  text: string;
}

const nextFrames = (page: Page) =>
  page.evaluate(
    () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
  );

/**
 * Failed requests the browser logs that are not the viewer's fault: its own /favicon.ico, and a
 * thumbnail or first-image preview the server declines to render (406 for what it cannot decode,
 * such as segmented palettes, which our archive's metadata does not reveal), which the viewer then
 * draws itself.
 */
function isExpectedRefusal(url: string, text: string): boolean {
  if (url.endsWith('/favicon.ico')) return true;
  return /\/(thumbnail|rendered)(\?|$)/.test(url) && text.includes('status of 406');
}

/** The viewer as a reader drives it: mouse, keys, overlay text, and the pixels on the canvas. */
export class ViewerPage {
  readonly consoleErrors: string[] = [];

  constructor(readonly page: Page) {
    page.on('console', (message) => {
      if (message.type() === 'error' && !isExpectedRefusal(message.location().url, message.text()))
        this.consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => this.consoleErrors.push(`pageerror: ${error.stack ?? error.message}`));
  }

  async open(baseUrl: string, studyUids: readonly string[]): Promise<void> {
    await this.page.goto(`${baseUrl}/viewer?StudyInstanceUIDs=${studyUids.join(',')}`);
  }

  viewport(slot: number): Locator {
    return this.page.locator(`.viewport[data-slot="${slot}"]`);
  }

  canvas(slot: number): Locator {
    return this.viewport(slot).locator('canvas').first();
  }

  overlay(slot: number): Locator {
    return this.viewport(slot).locator('.viewport-overlay');
  }

  /** Waits until the slot shows an image: status ready and the image counter drawn. */
  async waitForImage(slot: number, timeout = 60_000): Promise<void> {
    await expect(this.overlay(slot)).toHaveAttribute('data-status', 'ready', { timeout });
    await expect(this.overlay(slot).locator('.bottom-left')).toContainText(/Im \d+ \/ \d+/, { timeout });
  }

  async imageIndex(slot: number): Promise<{ index: number; count: number }> {
    const text = (await this.overlay(slot).locator('.bottom-left').textContent()) ?? '';
    const match = /Im (\d+) \/ (\d+)/.exec(text);
    if (!match) throw new Error(`No image counter in "${text}"`);
    return { index: Number(match[1]), count: Number(match[2]) };
  }

  async window(slot: number): Promise<{ width: number; center: number }> {
    const text = (await this.overlay(slot).locator('.bottom-right').textContent()) ?? '';
    const match = /W (-?[\d.]+) L (-?[\d.]+)/.exec(text);
    if (!match) throw new Error(`No window in "${text}"`);
    return { width: Number(match[1]), center: Number(match[2]) };
  }

  /** Grey-level statistics of the viewport canvas (what the reader sees, before overlays). */
  async canvasStats(slot: number): Promise<{ mean: number; nonBlack: number; distinct: number }> {
    return this.canvas(slot).evaluate((canvas: HTMLCanvasElement) => {
      const context = canvas.getContext('2d');
      if (!context) throw new Error('The viewport canvas has no 2D context');
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
      let sum = 0;
      let nonBlack = 0;
      const levels = new Set<number>();
      for (let i = 0; i < data.length; i += 4) {
        const grey = (data[i]! + data[i + 1]! + data[i + 2]!) / 3;
        sum += grey;
        if (grey > 8) nonBlack++;
        levels.add(data[i]!);
      }
      const pixels = data.length / 4;
      return { mean: sum / pixels, nonBlack: nonBlack / pixels, distinct: levels.size };
    });
  }

  async pressKey(key: string, times = 1): Promise<void> {
    for (let i = 0; i < times; i++) await this.page.keyboard.press(key);
  }

  async selectTool(tool: string): Promise<void> {
    await this.page.locator(`.viewer-toolbar [data-tool="${tool}"]`).click();
    await expect(this.page.locator(`.viewer-toolbar [data-tool="${tool}"]`)).toHaveAttribute('aria-pressed', 'true');
  }

  /** Moves the mouse to a client point and reads the pixel readout it produces. */
  async readoutAt(slot: number, x: number, y: number): Promise<Readout | undefined> {
    await this.page.mouse.move(x, y);
    await nextFrames(this.page);
    await nextFrames(this.page);
    const text = (await this.overlay(slot).locator('.bottom-left').textContent()) ?? '';
    const match = /\((\d+), (\d+)\)([^(]*)$/.exec(text);
    return match ? { column: Number(match[1]), row: Number(match[2]), text: match[3]!.trim() } : undefined;
  }

  /**
   * Finds where client coordinates fall on image pixels by bisecting the points where the readout
   * index changes (pixel edges, index ± 0.5), so handles can be put on known pixels exactly.
   */
  async pixelMap(slot: number): Promise<PixelMap> {
    const box = await this.viewport(slot).boundingBox();
    if (!box) throw new Error('The viewport has no box');
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    const edge = async (
      axis: 'column' | 'row',
      from: number,
      to: number,
    ): Promise<{ client: number; index: number }> => {
      const at = (t: number) => (axis === 'column' ? this.readoutAt(slot, t, cy) : this.readoutAt(slot, cx, t));
      const start = await at(from);
      if (!start) throw new Error(`No readout at ${axis} ${from}`);
      let lo = from;
      let hi = to;
      while (Math.abs(hi - lo) > 0.01) {
        const mid = (lo + hi) / 2;
        const probe = await at(mid);
        if (probe && probe[axis] === start[axis]) lo = mid;
        else hi = mid;
      }
      // Between lo and hi the index steps from start to start ± 1: the pixel edge at index ± 0.5.
      return { client: (lo + hi) / 2, index: start[axis] + (to > from ? 0.5 : -0.5) };
    };
    const axisMap = async (axis: 'column' | 'row', centre: number, half: number): Promise<AxisMap> => {
      const a = await edge(axis, centre - half, centre - half + 40);
      const b = await edge(axis, centre + half, centre + half - 40);
      const scale = (b.index - a.index) / (b.client - a.client);
      return { scale, offset: a.index - scale * a.client };
    };
    const half = Math.min(box.width, box.height) * 0.3;
    return { column: await axisMap('column', cx, half), row: await axisMap('row', cy, half) };
  }

  static toClient(map: PixelMap, column: number, row: number): { x: number; y: number } {
    return { x: (column - map.column.offset) / map.column.scale, y: (row - map.row.offset) / map.row.scale };
  }

  /** Drags with the left button between two image points (continuous pixel indices). */
  async dragOnImage(map: PixelMap, from: readonly [number, number], to: readonly [number, number]): Promise<void> {
    const start = ViewerPage.toClient(map, from[0], from[1]);
    const end = ViewerPage.toClient(map, to[0], to[1]);
    await this.page.mouse.move(start.x, start.y);
    await this.page.mouse.down();
    for (let step = 1; step <= 8; step++) {
      await this.page.mouse.move(start.x + ((end.x - start.x) * step) / 8, start.y + ((end.y - start.y) * step) / 8);
    }
    await this.page.mouse.up();
  }

  /** Text the measurement tools drew in a viewport's SVG layer. */
  async annotationText(slot: number): Promise<string> {
    return (await this.viewport(slot).locator('svg').allTextContents()).join('\n');
  }
}
