import { expect, type Locator, type Page } from '@playwright/test';
import type { ViewerPage } from './viewerPage';

/** One row of a measurement list as the reader sees it: the tool in words and its values. */
interface ShownMeasurement {
  tool: string;
  value: string;
}

/** The viewer's Report panel (src/app/viewer/report) as a reader drives it. */
export class ReportPanel {
  readonly root: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByRole('complementary', { name: 'Report' });
  }

  question(senderName: string): Locator {
    return this.root.getByRole('region', { name: `Question from ${senderName}` });
  }

  /** The reader's own measurements ("Measurements (N)"). */
  ownMeasurements(): Locator {
    return this.root.getByRole('region', { name: /^Measurements \(\d+\)$/ }).locator('li.report-item');
  }

  /** The reader's own key images ("Key images (N)"). */
  ownKeyImages(): Locator {
    return this.root.getByRole('region', { name: /^Key images \(\d+\)$/ }).locator('li.report-item');
  }

  /** A stored report's card, found by text it shows (an opinion sentence). */
  storedReport(text: string): Locator {
    return this.root.locator('li.report-card').filter({ hasText: text });
  }

  /** Every stored report's measurements, as listed under "Show measurements on the images". */
  storedMeasurements(): Locator {
    return this.root.locator('li.report-card ol[aria-label^="Measurements of"] > li.report-item');
  }

  /** The key images a stored report's card lists. */
  static keyImagesOf(report: Locator): Locator {
    return report.locator('ol[aria-label^="Key images of"] > li.report-item');
  }

  static async read(items: Locator): Promise<ShownMeasurement[]> {
    return items.evaluateAll((rows) =>
      rows.map((row) => ({
        tool: row.querySelector('.report-item-tool')?.textContent.trim() ?? '',
        value: row.querySelector('.report-item-value')?.textContent.trim() ?? '',
      })),
    );
  }

  /** Clicks a list row's jump button and waits for the viewport to land: returns the image counter's N. */
  static async jump(item: Locator, viewer: ViewerPage, expectedIndex?: number): Promise<number> {
    await item.locator('.report-jump').click();
    if (expectedIndex !== undefined) {
      await expect(viewer.overlay(0).locator('.bottom-left')).toContainText(`Im ${expectedIndex} /`);
    }
    await viewer.waitForImage(0);
    return (await viewer.imageIndex(0)).index;
  }
}
