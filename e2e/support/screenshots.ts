import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';

const SCREENSHOTS = path.join('test-results', 'screenshots');
const DOCS_SCREENSHOTS = path.join('docs', 'screenshots');

/**
 * Saves a screenshot for the run's record (test-results/screenshots/<name>[-<backend>].png) and
 * for the README (docs/screenshots/<name>.png): from the archive run when the journey runs on
 * several backends, so the README's pictures do not depend on which backend ran last.
 */
export async function saveScreenshot(page: Page, name: string, backend?: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, backend ? `${name}-${backend}.png` : `${name}.png`);
  await page.screenshot({ path: file });
  if (backend === undefined || backend === 'archive') {
    await mkdir(DOCS_SCREENSHOTS, { recursive: true });
    await copyFile(file, path.join(DOCS_SCREENSHOTS, `${name}.png`));
  }
}
