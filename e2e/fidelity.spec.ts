import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { manifest } from '../test/support/corpus';
import { part10ToJson } from '../src/dicom/part10Json';
import { formatWindow } from '../src/dicom/voi';
import { expect, test } from './fixtures';
import { compareWithCanvas, stretched, type Bitmap, type Comparison } from './support/bitmap';
import { dcmtkImage, type ReferenceImage } from './support/dcmtkReference';
import { decodedImage, functionalGroupImage } from './support/decodedReference';
import { fidelityCases, type FidelityCase } from './support/fidelityCases';
import { randomUid, withFreshUids } from './support/part10';
import { withPaddingAsBackground } from './support/paddingMask';
import { prefetch } from './support/prefetch';
import { stowOne, writeHeaders } from './support/stow';
import { ViewerPage } from './support/viewerPage';

/**
 * Image fidelity: every file under the shared corpus's syntaxes/ and kinds/, every installed
 * public sample (Debian python3-pydicom's test files, `pydicom/…`; a file identical to a corpus
 * file is listed once, as "duplicate") and every generated object (`generated/…`, written to a
 * temporary folder at the start) is stored alone (a copy with fresh UIDs,
 * pixel data untouched), opened in the viewer, shown at 1:1 without interpolation with the window
 * spanning its whole modality value range, and the canvas pixels are compared with dcmtk's
 * rendering of the same frame with the same window (dcmj2pnm +Ww; JPEG-LS via dcmdjpls). Where
 * dcmtk 3.6.7 cannot read a file (JPEG 2000, HTJ2K, a defective vendor file) the reference is the
 * frame decoded in Node by the reference codec builds with the window computed independently; for
 * an enhanced object whose frame 1 has its own Pixel Value Transformation (which dcmtk 3.6.7
 * ignores) it is frame 1 read in Node and rescaled by that transformation.
 * Tolerance, mean absolute difference in grey levels (0–255): 1.5 for lossless and native data
 * (8-bit rounding of the VOI output), 4 for lossy codestreams (two JPEG decoders round their
 * inverse DCT and chroma upsampling differently). Structured Reports must read as a document in
 * the viewport (a titled document, never a blank viewport); other objects that are not images
 * must show the placeholder, or be refused by the archive with its reason. There are no known
 * decoder gaps: a frame Cornerstone's decoders get wrong is repaired by the viewer (src/viewer/decode),
 * so any mismatch fails. The table goes to the test output and test-results/fidelity/fidelity.md.
 */
const LOSSLESS_TOLERANCE = 1.5;
const LOSSY_TOLERANCE = 4;
const RESULTS = path.join('test-results', 'fidelity');

interface Row {
  file: string;
  syntax: string;
  photometric: string;
  result: 'pass' | 'FAIL' | 'document' | 'placeholder' | 'not stored' | 'no reference' | 'duplicate';
  mad?: number;
  max?: number;
  reference?: 'dcmtk' | 'decoded';
  note?: string;
}

const syntaxName = (entry: FidelityCase['entry']) =>
  (entry as { transferSyntaxName?: string }).transferSyntaxName ?? entry.transferSyntaxUID ?? '(none)';

/** Series UIDs of storeLoadable files, to know when an original can be opened on its own. */
const seriesCounts = new Map<string, number>();
for (const entry of manifest.entries) {
  if (entry.storeLoadable && entry.seriesInstanceUID)
    seriesCounts.set(entry.seriesInstanceUID, (seriesCounts.get(entry.seriesInstanceUID) ?? 0) + 1);
}

/** Stores a fresh-UID copy; a file the copier cannot parse is opened as loaded by global setup when it is alone in its series. */
async function studyFor(
  testCase: FidelityCase,
  dicomwebUrl: string,
  headers: Record<string, string>,
): Promise<{ study: string } | { refused: string }> {
  const uids = { study: randomUid(), series: randomUid(), sop: randomUid() };
  let copy: Uint8Array;
  try {
    copy = withFreshUids(new Uint8Array(await readFile(testCase.file)), uids);
  } catch (error) {
    const { entry } = testCase;
    if (entry.storeLoadable && entry.studyInstanceUID && seriesCounts.get(entry.seriesInstanceUID ?? '') === 1)
      return { study: entry.studyInstanceUID };
    // dicom-parser throws `{ exception }` objects.
    const reason = (error as { exception?: string } | undefined)?.exception ?? String(error);
    return { refused: `copy failed: ${error instanceof Error ? error.message : reason}` };
  }
  const stored = await stowOne(dicomwebUrl, copy, headers);
  // 202 with the instance referenced: stored with corrections (a Warning Reason), still viewable.
  const referenced = stored.status === 202 && stored.text.includes('"00081199"') && !stored.text.includes('"00081198"');
  return stored.status === 200 || referenced
    ? { study: uids.study }
    : { refused: `STOW ${stored.status}: ${stored.text.slice(0, 120)}` };
}

/**
 * The canvas pixels compareWithCanvas can look at: along each axis where the canvas is wider than
 * the reference plus the ±2 pixel search, only the centred band it searches (the same pixels at
 * the same offsets), so a 512 × 512 image does not bring a whole 1440 × 900 canvas back through
 * the protocol.
 */
async function canvasPixels(
  viewer: ViewerPage,
  reference: { width: number; height: number },
): Promise<{ width: number; height: number; rgba: Uint8Array }> {
  const { width, height, base64 } = await viewer.canvas(0).evaluate((canvas: HTMLCanvasElement, size) => {
    const band = (canvasSize: number, imageSize: number) => {
      const start = Math.round((canvasSize - imageSize) / 2) - 2;
      return start >= 0 && start + imageSize + 4 <= canvasSize ? [start, imageSize + 4] : [0, canvasSize];
    };
    const [x, w] = band(canvas.width, size.width);
    const [y, h] = band(canvas.height, size.height);
    const data = canvas.getContext('2d')!.getImageData(x!, y!, w!, h!).data;
    let binary = '';
    for (let i = 0; i < data.length; i += 0x8000) binary += String.fromCharCode(...data.subarray(i, i + 0x8000));
    return { width: w!, height: h!, base64: btoa(binary) };
  }, reference);
  return { width, height, rgba: new Uint8Array(Buffer.from(base64, 'base64')) };
}

async function reference(
  testCase: FidelityCase,
): Promise<(ReferenceImage & { source: 'dcmtk' | 'decoded' }) | undefined> {
  const enhanced = await functionalGroupImage(testCase.file);
  if (enhanced) return { ...enhanced, source: 'decoded' };
  const fromDcmtk = await dcmtkImage(testCase.file, testCase.entry.transferSyntaxUID);
  if (fromDcmtk)
    return { ...fromDcmtk, bitmap: await withPaddingAsBackground(testCase.file, fromDcmtk.bitmap), source: 'dcmtk' };
  const decoded = await decodedImage(testCase.file);
  return decoded && { ...decoded, source: 'decoded' };
}

/**
 * The reference is the file's frame 1; a viewer that orders frames by position or dimension index
 * may show another first, so step through the stack to the image whose overlay names frame 1
 * (where it is in another stack, the first image stays and the comparison says so).
 */
async function showFileFrameOne(viewer: ViewerPage, frames: number): Promise<void> {
  if (frames < 2) return;
  const bottomLeft = viewer.overlay(0).locator('.bottom-left');
  const frameOne = new RegExp(`Frame 1 / ${frames}(?!\\d)`);
  if (frameOne.test((await bottomLeft.textContent()) ?? '')) return;
  const { count } = await viewer.imageIndex(0);
  await viewer.pressKey('Home');
  for (let step = 0; step < count; step++) {
    await expect(bottomLeft).toContainText(`Im ${step + 1} /`);
    if (frameOne.test((await bottomLeft.textContent()) ?? '')) break;
    await viewer.pressKey('ArrowDown');
  }
  await viewer.waitForImage(0);
}

/** Width over height of one pixel on the patient: Pixel Spacing's column spacing over its row spacing (PS3.3 10.7.1.3). */
async function pixelAspect(file: string): Promise<number> {
  // The product's parser: it reads deflated data sets and files without File Meta too.
  const spacing = part10ToJson(new Uint8Array(await readFile(file))).dataset['00280030']?.Value?.map(Number) ?? [];
  const [rowSpacing = 0, columnSpacing = 0] = spacing;
  return rowSpacing > 0 && columnSpacing > 0 && Math.abs(columnSpacing / rowSpacing - 1) > 1e-3
    ? columnSpacing / rowSpacing
    : 1;
}

/**
 * The reference against what the viewer shows. Pixels that are not square are stretched along one
 * axis (whichever the viewer kept at 1:1), sampled at each phase a screen may place them at.
 */
async function compareShown(viewer: ViewerPage, reference: Bitmap, aspect: number): Promise<Comparison> {
  if (aspect === 1) return compareWithCanvas(reference, await canvasPixels(viewer, reference));
  let best: Comparison | undefined;
  for (const [sx, sy] of [
    [aspect, 1],
    [1, 1 / aspect],
  ] as const) {
    const canvas = await canvasPixels(viewer, stretched(reference, sx, sy));
    for (let phase = 0; phase < 1; phase += 0.125) {
      // The stretched edge ends part-way through a screen pixel, which the viewer blends with the background.
      const comparison = compareWithCanvas(stretched(reference, sx, sy, phase), canvas, 1);
      if (!best || comparison.mad < best.mad) best = comparison;
    }
  }
  return best!;
}

async function checkImage(
  viewer: ViewerPage,
  testCase: FidelityCase,
  image: Awaited<ReturnType<typeof reference>>,
  row: Row,
): Promise<void> {
  if (!image) {
    row.result = 'no reference';
    row.note = 'neither dcmtk nor a Node codec reads it';
    // Nothing to compare with: keep the picture for a person to judge.
    await viewer
      .canvas(0)
      .screenshot({ path: path.join(RESULTS, `${path.basename(testCase.file, '.dcm')}.viewer.png`) });
    return;
  }
  row.reference = image.source;
  const { page } = viewer;
  await showFileFrameOne(viewer, testCase.entry.frames ?? 1);
  if (image.window) {
    await page.getByLabel('Window width').fill(String(image.window.width));
    await page.getByLabel('Window level').fill(String(image.window.center));
    await page.getByLabel('Window level').press('Enter');
    await expect(viewer.overlay(0)).toContainText(formatWindow(image.window));
  }
  await viewer.pressKey('o');
  const aspect = await pixelAspect(testCase.file);
  // Pixels that are not square are shown at their true shape: 1:1 across one axis, stretched along the other.
  await expect(viewer.overlay(0)).toContainText(aspect === 1 ? 'Zoom 100%' : /Zoom (9\d|1\d\d)%/);
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  const comparison: Comparison = await compareShown(viewer, image.bitmap, aspect);
  if (comparison.mad > (testCase.lossy ? LOSSY_TOLERANCE : LOSSLESS_TOLERANCE)) {
    // Keep what the reader saw for a failing file, beside the table.
    await viewer
      .canvas(0)
      .screenshot({ path: path.join(RESULTS, `${path.basename(testCase.file, '.dcm')}.viewer.png`) });
  }
  row.mad = Math.round(comparison.mad * 100) / 100;
  row.max = comparison.max;
  row.result = comparison.mad <= (testCase.lossy ? LOSSY_TOLERANCE : LOSSLESS_TOLERANCE) ? 'pass' : 'FAIL';
}

/**
 * A Structured Report has no pixels: the viewport reads it out, under its title, with at least
 * one line of content, and the series panel offers it as a report rather than "not displayable".
 */
async function checkDocument(viewer: ViewerPage, row: Row): Promise<void> {
  const overlay = viewer.overlay(0);
  const report = overlay.getByRole('region', { name: 'Report in this viewport' });
  await expect(report.getByRole('heading', { level: 2 }).first()).toHaveText(/\S/);
  await expect(report.locator('.sr-item, .report-list > li').first()).toHaveText(/\S/);
  await expect(overlay).not.toContainText('not displayable');
  await expect(viewer.page.locator('.series-thumb-note').first()).toHaveText(
    /^(Report: click to read|Key images \(\d+\))$/,
  );
  row.note = (await report.getByRole('heading', { level: 2 }).first().textContent())?.trim();
  row.result = 'document';
}

function table(rows: Row[]): string {
  const lines = [
    '| file | syntax | photometric | MAD | max | reference | result | note |',
    '| --- | --- | --- | ---: | ---: | --- | --- | --- |',
  ];
  for (const row of rows) {
    lines.push(
      `| ${row.file} | ${row.syntax} | ${row.photometric} | ${row.mad ?? ''} | ${row.max ?? ''} | ${row.reference ?? ''} | ${row.result} | ${row.note ?? ''} |`,
    );
  }
  const count = (result: Row['result']) => rows.filter((row) => row.result === result).length;
  lines.push(
    '',
    `${count('pass')} pass, ${count('FAIL')} fail, ${count('document')} documents, ${count('placeholder')} placeholder, ${count('not stored')} not stored, ${count('no reference')} without reference, ${count('duplicate')} duplicates of corpus files.`,
  );
  return lines.join('\n');
}

/** What Node prepares for a case while the browser renders the one before: the stored copy and the reference. */
async function prepare(testCase: FidelityCase, dicomwebUrl: string, headers: Record<string, string>) {
  const stored = await studyFor(testCase, dicomwebUrl, headers);
  const image = testCase.expect === 'render' && !('refused' in stored) ? await reference(testCase) : undefined;
  return { stored, image };
}

/**
 * Opens a study in the page the previous file used, through the app's own router (a not-found
 * address between the two unmounts the viewer, so each file gets a fresh viewer): the browser
 * keeps the parsed bundle, the decoder workers and the compiled codecs instead of starting them
 * again for each of a hundred files.
 */
async function openInSamePage(viewer: ViewerPage, study: string): Promise<void> {
  const route = (url: string) =>
    viewer.page.evaluate((to) => {
      history.pushState(null, '', to);
      dispatchEvent(new PopStateEvent('popstate'));
    }, url);
  await route('/fidelity-between-files');
  await expect(viewer.page.locator('.viewport')).toHaveCount(0);
  await route(`/viewer?StudyInstanceUIDs=${study}`);
}

test('every corpus image renders like dcmtk; reports read as documents, other non-images show their placeholder', async ({
  context,
  archiveUrl,
}) => {
  test.setTimeout(40 * 60_000);
  const headers = await writeHeaders(archiveUrl);
  const rows: Row[] = [];
  const consoleErrors: string[] = [];
  // FIDELITY_FILTER=<regex> narrows the run to matching corpus paths while investigating.
  const filter = process.env.FIDELITY_FILTER ? new RegExp(process.env.FIDELITY_FILTER) : undefined;
  const all = await fidelityCases();
  for (const duplicate of all.filter((candidate) => candidate.sameAs && (!filter || filter.test(candidate.entry.path))))
    rows.push({
      file: duplicate.entry.path,
      syntax: syntaxName(duplicate.entry),
      photometric: duplicate.entry.photometricInterpretation ?? '',
      result: 'duplicate',
      note: `same bytes as ${duplicate.sameAs}`,
    });
  const cases = all.filter((candidate) => !candidate.sameAs && (!filter || filter.test(candidate.entry.path)));
  const prepared = prefetch(cases, (testCase) => prepare(testCase, `${archiveUrl}/dicomweb`, headers));
  // One page for every file; a page that crashed (a renderer out of memory) is replaced, so one image cannot take the rest down.
  let viewer: ViewerPage | undefined;
  for (const [index, testCase] of cases.entries()) {
    const { entry } = testCase;
    const row: Row = {
      file: entry.path,
      syntax: syntaxName(entry),
      photometric: entry.photometricInterpretation ?? '',
      result: 'FAIL',
    };
    rows.push(row);
    const { stored, image } = await prepared(index);
    if ('refused' in stored) {
      row.result = 'not stored';
      row.note = stored.refused;
      // Only objects without an image may be refused by the archive (e.g. no SOP Class UID).
      expect.soft(testCase.expect, `${entry.path}: ${stored.refused}`).toBe('placeholder');
      continue;
    }
    // This file's console messages are the ones after this point.
    const errorsBefore = viewer?.page.isClosed() === false ? viewer.consoleErrors.length : 0;
    if (viewer?.page.isClosed() === false) {
      await openInSamePage(viewer, stored.study);
    } else {
      const page = await context.newPage();
      viewer = new ViewerPage(page);
      const crashed = viewer;
      page.on('crash', () => {
        consoleErrors.push(`${rows.at(-1)?.file}: the page crashed`);
        void crashed.page.close();
      });
      await viewer.open(archiveUrl, [stored.study]);
    }
    const { page } = viewer;
    const overlay = viewer.overlay(0);
    try {
      await expect(overlay).toHaveAttribute('data-status', /ready|placeholder|error/, { timeout: 60_000 });
      const status = await overlay.getAttribute('data-status');
      if (testCase.expect === 'document') {
        await checkDocument(viewer, row);
      } else if (testCase.expect === 'placeholder') {
        row.note = (await overlay.textContent())?.trim();
        row.result = status === 'placeholder' && /not displayable/.test(row.note ?? '') ? 'placeholder' : 'FAIL';
        await expect(page.locator('.series-thumb-note').first()).toContainText('not displayable');
      } else if (status !== 'ready') {
        row.note = (await overlay.textContent())?.trim();
      } else {
        await viewer.waitForImage(0);
        await checkImage(viewer, testCase, image, row);
      }
    } catch (error) {
      row.result = 'FAIL';
      const status = await overlay.getAttribute('data-status').catch(() => null);
      row.note = `${error instanceof Error ? error.message.split('\n')[0] : String(error)} (viewport ${status})`;
      // A crashed page has nothing to show.
      await page
        .screenshot({ path: path.join(RESULTS, `${path.basename(testCase.file, '.dcm')}.page.png`) })
        .catch(() => undefined);
    }
    // Every decoder gap is closed, so any console error while showing a file is a bug.
    const errors = viewer.consoleErrors.slice(errorsBefore);
    consoleErrors.push(...errors.map((message) => `${entry.path}: ${message}`));
    expect.soft(row.result, `${entry.path}: ${row.note ?? `MAD ${row.mad}`}`).not.toBe('FAIL');
  }
  const text = table(rows);
  console.log(`\nImage fidelity (tolerance MAD ≤ ${LOSSLESS_TOLERANCE} lossless, ≤ ${LOSSY_TOLERANCE} lossy)\n${text}`);
  await mkdir(RESULTS, { recursive: true });
  await writeFile(path.join(RESULTS, 'fidelity.md'), `# Image fidelity\n\n${text}\n`);
  await writeFile(path.join(RESULTS, 'fidelity.json'), JSON.stringify(rows, null, 2));
  expect(consoleErrors).toEqual([]);
});
