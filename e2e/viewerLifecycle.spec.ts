import type { Page } from '@playwright/test';
import { manifest } from '../test/support/corpus';
import type { ViewerResourceCounts } from '../src/viewer/resourceCounts';
import { expect, test } from './fixtures';
import { StudyListPage } from './studyListPage';
import { ViewerPage } from './support/viewerPage';

/** Twenty one-series corpus studies with small images, so twenty viewer visits stay quick on SwiftShader. */
const STUDY_PATHS = [
  'kinds/charset/chrH31.dcm',
  'kinds/charset/chrH32.dcm',
  'kinds/charset/chrI2.dcm',
  'kinds/charset/chrX1.dcm',
  'kinds/charset/chrX2.dcm',
  'kinds/charset/chrGreek.dcm',
  'kinds/charset/chrFren.dcm',
  'kinds/charset/chrGerm.dcm',
  'kinds/charset/chrArab.dcm',
  'kinds/charset/chrRuss.dcm',
  'kinds/charset/chrHbrw.dcm',
  'syntaxes/evrbe__us-rgb-small.dcm',
  'kinds/pet-nm/pt-float-rescale-jpeg-lossless.dcm',
  'kinds/multiframe/mr-enhanced-small-10frames.dcm',
  'kinds/monochrome1/dx-mono1-8bit-small.dcm',
  'kinds/color/us-rgb-planar-configuration-0.dcm',
  // Loads through the pixel-transform loader, which registers a second image id per frame.
  'kinds/bitdepth/ot-modality-lut-sequence-12bit-signed.dcm',
  'kinds/bitdepth/ot-voi-lut-sequence-8bit.dcm',
  'kinds/overlay/mr-siemens-overlay-and-icon.dcm',
  'kinds/monochrome1/cr-chest-mono1-10bit.dcm',
];

const STUDIES = STUDY_PATHS.map((path) => {
  const entry = manifest.entries.find((candidate) => candidate.path === path);
  if (!entry?.storeLoadable || !entry.studyInstanceUID) throw new Error(`${path} is not a storeLoadable corpus study`);
  return { path, studyInstanceUID: entry.studyInstanceUID };
});

/** With no viewer open the viewer holds nothing: no frame metadata, no cached images, no queued requests. */
const NOTHING_HELD: ViewerResourceCounts = { frames: 0, cachedImageBytes: 0, cachedVolumes: 0, queuedRequests: 0 };

/**
 * Heap after the twentieth visit may exceed heap after the first by this much. The heap warms up
 * over the first dozen visits (about 2.6 MB measured: code and caches for the pixel formats and
 * loaders the first study did not use), then stays flat within 0.1 MB, visiting the same studies
 * again included. Studies that stay behind cost more: with the viewer keeping every study's
 * metadata and images, the heap grew 7 MB by the nineteenth visit.
 */
const HEAP_MARGIN_BYTES = 4 * 1024 * 1024;

const softly = expect.configure({ soft: true, timeout: 10_000 });

async function resources(page: Page): Promise<ViewerResourceCounts> {
  return page.evaluate(() => {
    const hook = window.__secondread;
    if (!hook) throw new Error('The viewer published no resource counts (window.__secondread)');
    return hook.viewerResources();
  });
}

test('twenty studies opened and closed in turn leave nothing behind', async ({ page }) => {
  // 3 to 6 s a visit with two busy cores and SwiftShader.
  test.setTimeout(180_000);
  const list = new StudyListPage(page);
  const viewer = new ViewerPage(page);
  const cdp = await page.context().newCDPSession(page);
  const heapUsed = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  };

  // Each visit opens the study's viewer from the study list and ends with Back to the list. The
  // viewer is reached inside the app (history + popstate, as a link does), never by loading the page
  // again, or the heap would start afresh; and not by a row click, because other specs store fresh
  // copies of corpus studies into the same archive and push these studies off the list's first page.
  await list.open('/');
  let heapAfterFirst = 0;
  for (const [index, { path, studyInstanceUID }] of STUDIES.entries()) {
    await page.evaluate((to) => {
      history.pushState(null, '', to);
      dispatchEvent(new PopStateEvent('popstate'));
    }, `/viewer?StudyInstanceUIDs=${studyInstanceUID}`);
    await expect(viewer.overlay(0)).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
    await list.search(() => page.goBack());
    // Soft: a leak shows as the counts growing visit after visit, not just the first failure.
    // Polled: a frame whose decode is still running keeps its metadata until the decode settles.
    await softly.poll(() => resources(page), { message: `after study ${index + 1} (${path})` }).toEqual(NOTHING_HELD);
    if (index === 0) heapAfterFirst = await heapUsed();
  }
  const heapAfterLast = await heapUsed();
  expect(
    heapAfterLast - heapAfterFirst,
    `heap after 1 study ${heapAfterFirst} B, after ${STUDIES.length}: ${heapAfterLast} B`,
  ).toBeLessThan(HEAP_MARGIN_BYTES);
  expect(viewer.consoleErrors).toEqual([]);
});
