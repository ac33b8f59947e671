import type { Browser, BrowserContext, Page, TestInfo } from '@playwright/test';
import { BACKENDS, expect, test } from './fixtures';
import { firstString } from '../src/dicom/json';
import { KEY_OBJECT_TITLES } from '../src/dicom/sr/codes';
import { readKeyObjectSelection } from '../src/dicom/sr/keyObjectSelection';
import { opinionOf } from '../src/dicom/sr/opinion';
import { readSrDocument, type SrItem } from '../src/dicom/sr/srDocument';
import { dciodvfy, dsrdump } from '../test/support/dicomValidators';
import { E2E_RADIOLOGIST } from '../test/support/signIn';
import { ReportPanel } from './support/reportPanel';
import { saveScreenshot } from './support/screenshots';
import {
  modalityOf,
  patientIdOf,
  retrieveSeries,
  seriesMetadata,
  seriesUidOf,
  storeCtCopy,
  studySeries,
} from './support/replyStudy';
import { ViewerPage } from './support/viewerPage';

const SLICES = 40;
// Not the sharing spec's recipient: both specs' links are the radiologist's and list side by side in My shares.
const CONSULTANT = 'Dr Okafor, neuroradiology';
const QUESTION = 'Query: subdural haematoma? Please measure the midline shift.';
const FINDINGS = 'No extra-axial collection. Ventricles normal in size.';
const IMPRESSION = 'No subdural haematoma. No midline shift.';
const NOTE = 'Ellipse on the left frontal lobe';
/** Where the consultant measures, as the image counter numbers them (1-based). */
const LENGTH_IMAGE = 5;
const ELLIPSE_IMAGE = 12;

const newContext = (browser: Browser, baseURL: string): Promise<BrowserContext> => browser.newContext({ baseURL });

/** Steps the active viewport to image `index` (1-based) with the arrow keys and waits for the counter. */
async function goToImage(viewer: ViewerPage, index: number): Promise<void> {
  await viewer.viewport(0).hover();
  const { index: now } = await viewer.imageIndex(0);
  await viewer.pressKey(index > now ? 'ArrowDown' : 'ArrowUp', Math.abs(index - now));
  await expect(viewer.overlay(0).locator('.bottom-left')).toContainText(`Im ${index} / ${SLICES}`);
}

/** A left-button drag between two points given as fractions of the viewport's box. */
async function dragInViewport(
  viewer: ViewerPage,
  from: readonly [number, number],
  to: readonly [number, number],
): Promise<void> {
  const box = await viewer.viewport(0).boundingBox();
  if (!box) throw new Error('The viewport has no box');
  const at = ([x, y]: readonly [number, number]) => ({ x: box.x + box.width * x, y: box.y + box.height * y });
  const start = at(from);
  const end = at(to);
  await viewer.page.mouse.move(start.x, start.y);
  await viewer.page.mouse.down();
  await viewer.page.mouse.move(end.x, end.y, { steps: 8 });
  await viewer.page.mouse.up();
}

/**
 * The page's console errors and uncaught exceptions, less the browser's note on the app's sign-in
 * probe: /api/me answers 401 to a link recipient by design (at start and on every session check).
 */
function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    const { url } = message.location();
    if (message.type() === 'error' && !url.endsWith('/api/me') && !url.endsWith('/favicon.ico'))
      errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.stack ?? error.message}`));
  return errors;
}

/** Every NUM content item of an SR tree, depth first. */
function numbersIn(items: readonly SrItem[]): Extract<SrItem, { kind: 'num' }>[] {
  return items.flatMap((item) => [...(item.kind === 'num' ? [item] : []), ...numbersIn(item.children)]);
}

async function validate(testInfo: TestInfo, name: string, file: Uint8Array): Promise<void> {
  for (const [tool, check] of [
    ['dsrdump', dsrdump],
    ['dciodvfy', dciodvfy],
  ] as const) {
    const report = await check(file);
    expect(report.errors, `${tool} on the ${name}`).toEqual([]);
    if (report.warnings.length > 0)
      await testInfo.attach(`${tool} warnings, ${name}`, {
        body: report.warnings.join('\n'),
        contentType: 'text/plain',
      });
  }
}

for (const backend of BACKENDS) {
  test.describe(`replies on the ${backend} backend`, () => {
    test('a consultant answers a share with an opinion, two measurements and two key images; the sender sees them', async ({
      browser,
      context,
      backendUrl,
    }, testInfo) => {
      const url = backendUrl(backend);
      // Replies add series to the study they answer: a copy of the corpus CT keeps the original as other specs expect it.
      const copy = await storeCtCopy(url, SLICES);

      // The radiologist signs in through the login page and shares the open study, asking a question.
      const senderContext = await newContext(browser, url);
      const sender = await senderContext.newPage();
      await sender.goto(`/viewer?StudyInstanceUIDs=${copy.study}`);
      await sender.getByLabel('Username').fill(E2E_RADIOLOGIST.username);
      await sender.getByLabel('Password').fill(E2E_RADIOLOGIST.password);
      await sender.getByRole('button', { name: 'Sign in' }).click();
      await new ViewerPage(sender).waitForImage(0);
      await sender.getByRole('toolbar', { name: 'Viewer tools' }).getByRole('button', { name: 'Share' }).click();
      const dialog = sender.getByRole('dialog', { name: 'Share with a link' });
      await dialog.getByLabel('Recipient label').fill(CONSULTANT);
      await dialog.getByLabel('Message for the recipient (optional)').fill(QUESTION);
      // A question turns the reply on by itself; the check says the form did.
      await expect(dialog.getByLabel('Allow a reply')).toBeChecked();
      await dialog.getByRole('button', { name: 'Create link' }).click();
      const result = sender.getByRole('dialog', { name: 'Share link' });
      const link = await result.getByRole('textbox', { name: 'Share link' }).inputValue();
      await result.getByRole('button', { name: 'Done' }).click();

      // The consultant: a fresh browser, the link, the question at the top of the Report panel.
      const consultantContext = await newContext(browser, url);
      const consultant = await consultantContext.newPage();
      const consultantErrors = consoleErrors(consultant);
      await consultant.goto(link);
      await consultant.getByRole('button', { name: 'Open the images' }).click();
      const viewer = new ViewerPage(consultant);
      await viewer.waitForImage(0);
      const panel = new ReportPanel(consultant);
      await expect(panel.question(E2E_RADIOLOGIST.displayName)).toContainText(QUESTION);
      await expect(panel.root.locator('.report-section').first()).toContainText(QUESTION);

      // A length on one image, an ellipse on another, each marked as a key image (K).
      await goToImage(viewer, LENGTH_IMAGE);
      await viewer.pressKey('m');
      await dragInViewport(viewer, [0.35, 0.5], [0.65, 0.5]);
      await expect(panel.ownMeasurements()).toHaveCount(1);
      await viewer.pressKey('k');
      await expect(panel.ownKeyImages()).toHaveCount(1);
      await goToImage(viewer, ELLIPSE_IMAGE);
      await viewer.selectTool('EllipticalROI');
      await dragInViewport(viewer, [0.42, 0.3], [0.55, 0.45]);
      await expect(panel.ownMeasurements()).toHaveCount(2);
      await consultant
        .getByRole('toolbar', { name: 'Viewer tools' })
        .getByRole('button', { name: 'Key image' })
        .click();
      await expect(panel.ownKeyImages()).toHaveCount(2);
      const note = panel.ownKeyImages().nth(1).getByLabel('Note for this key image');
      await note.fill(NOTE);
      await note.press('Enter');
      await expect(note).toHaveValue(NOTE);

      const drawn = await ReportPanel.read(panel.ownMeasurements());
      expect(drawn.map((measurement) => measurement.tool)).toEqual(['Length', 'Ellipse']);
      const length = drawn[0]!.value;
      expect(length).toMatch(/^\d+\.\d mm$/);
      expect(drawn[1]!.value).toMatch(/^Mean -?\d+\.\d HU · SD \d+\.\d · \d+(\.\d)? mm²$/);

      await panel.root.getByLabel('Findings').fill(FINDINGS);
      await panel.root.getByLabel('Impression').fill(IMPRESSION);

      // A reload loses nothing: the draft comes back from this browser's storage.
      await consultant.reload();
      await viewer.waitForImage(0);
      await expect(panel.ownMeasurements()).toHaveCount(2);
      expect(await ReportPanel.read(panel.ownMeasurements())).toEqual(drawn);
      await expect(panel.ownKeyImages()).toHaveCount(2);
      await expect(panel.ownKeyImages().nth(1).getByLabel('Note for this key image')).toHaveValue(NOTE);
      await expect(panel.root.getByLabel('Findings')).toHaveValue(FINDINGS);
      await expect(panel.root.getByLabel('Impression')).toHaveValue(IMPRESSION);
      await goToImage(viewer, ELLIPSE_IMAGE);
      await consultant.mouse.move(5, 5);
      await saveScreenshot(consultant, 'reply-panel', backend);

      await panel.root.getByRole('button', { name: 'Send opinion…' }).click();
      const confirm = panel.root.getByRole('group', { name: 'Confirm sending' });
      await expect(confirm).toContainText(
        `Send your written opinion, 2 measurements and 2 key images to ${E2E_RADIOLOGIST.displayName}?`,
      );
      await confirm.getByRole('button', { name: 'Send', exact: true }).click();
      await expect(panel.root.getByRole('status').filter({ hasText: /^Opinion sent at \d\d:\d\d$/ })).toBeVisible();
      expect(consultantErrors).toEqual([]);
      await consultantContext.close();

      // The sender: My shares says an opinion came back, the share's detail lists the SR and the KOS.
      await sender.goto('/shares');
      const row = sender.getByRole('row').filter({ hasText: CONSULTANT });
      await expect(row).toContainText('Opinion received');
      await expect(row).toContainText('2 documents');
      await row.getByRole('button', { name: 'Details' }).click();
      const replies = sender.getByRole('list', { name: 'Replies' }).getByRole('listitem');
      await expect(replies).toHaveCount(2);
      await expect(replies.filter({ hasText: 'SR' })).toHaveCount(1);
      await expect(replies.filter({ hasText: 'KOS' })).toHaveCount(1);
      await replies.first().getByRole('link', { name: 'Open study' }).click();

      // The study shows the opinion, the measurements read back from the SR, and the key images.
      const senderViewer = new ViewerPage(sender);
      await senderViewer.waitForImage(0);
      const senderPanel = new ReportPanel(sender);
      const opinion = senderPanel.storedReport(FINDINGS);
      await expect(opinion).toContainText(IMPRESSION);
      await expect(opinion).toContainText(CONSULTANT);
      await expect(senderPanel.storedMeasurements()).toHaveCount(2);
      expect(await ReportPanel.read(senderPanel.storedMeasurements())).toEqual(drawn);

      expect(await ReportPanel.jump(senderPanel.storedMeasurements().nth(1), senderViewer, ELLIPSE_IMAGE)).toBe(
        ELLIPSE_IMAGE,
      );
      await expect.poll(() => senderViewer.annotationText(0)).toContain('Area:');
      expect(await senderViewer.annotationText(0)).not.toContain(length);
      expect(await ReportPanel.jump(senderPanel.storedMeasurements().nth(0), senderViewer, LENGTH_IMAGE)).toBe(
        LENGTH_IMAGE,
      );
      await expect.poll(() => senderViewer.annotationText(0)).toContain(length);
      expect(await senderViewer.annotationText(0)).not.toContain('Area:');
      await sender.mouse.move(5, 5);
      await saveScreenshot(sender, 'reply-received', backend);

      // Key images: a badge on the CT's thumbnail, the note, and N steps through them in order, wrapping.
      await expect(
        sender.locator(`.series-thumb[data-series-uid="${copy.series}"] .series-thumb-keys`),
      ).toHaveAttribute('data-key-images', '2');
      // The KOS flags both; the SR keeps the note with the image it is about.
      const keyObjects = senderPanel.storedReport(KEY_OBJECT_TITLES.forReferringProvider.meaning);
      await expect(keyObjects).toContainText(CONSULTANT);
      await expect(ReportPanel.keyImagesOf(keyObjects)).toHaveCount(2);
      await expect(ReportPanel.keyImagesOf(opinion)).toHaveCount(1);
      await expect(ReportPanel.keyImagesOf(opinion)).toContainText(NOTE);
      expect(await ReportPanel.jump(ReportPanel.keyImagesOf(opinion), senderViewer, ELLIPSE_IMAGE)).toBe(ELLIPSE_IMAGE);
      await senderViewer.viewport(0).hover();
      await senderViewer.pressKey('Home');
      await expect(senderViewer.overlay(0).locator('.bottom-left')).toContainText(`Im 1 / ${SLICES}`);
      for (const expected of [LENGTH_IMAGE, ELLIPSE_IMAGE, LENGTH_IMAGE]) {
        await senderViewer.pressKey('n');
        await expect(senderViewer.overlay(0).locator('.bottom-left')).toContainText(`Im ${expected} / ${SLICES}`);
      }
      expect(senderViewer.consoleErrors).toEqual([]);

      // The stored documents: an SR and a KO series in the same study and patient, valid DICOM.
      const series = await studySeries(context.request, url, copy.study);
      const ct = series.find((entry) => seriesUidOf(entry) === copy.series);
      const sr = series.filter((entry) => modalityOf(entry) === 'SR');
      const ko = series.filter((entry) => modalityOf(entry) === 'KO');
      expect(sr).toHaveLength(1);
      expect(ko).toHaveLength(1);
      expect(patientIdOf(ct!)).toBeTruthy();
      for (const entry of [...sr, ...ko]) expect(patientIdOf(entry)).toBe(patientIdOf(ct!));
      const [srFile, ...moreSr] = await retrieveSeries(context.request, url, copy.study, seriesUidOf(sr[0]!));
      const [koFile, ...moreKo] = await retrieveSeries(context.request, url, copy.study, seriesUidOf(ko[0]!));
      expect([moreSr, moreKo]).toEqual([[], []]);
      await validate(testInfo, 'SR', srFile!);
      await validate(testInfo, 'KOS', koFile!);

      const [srJson] = await seriesMetadata(context.request, url, copy.study, seriesUidOf(sr[0]!));
      const document = readSrDocument(srJson!);
      expect(firstString(srJson!, '00100020')).toBe(patientIdOf(ct!));
      expect(document.observers).toContain(CONSULTANT);
      expect(opinionOf(document)).toEqual({ findings: FINDINGS, impression: IMPRESSION });
      const lengths = numbersIn(document.items).filter((item) => /length/i.test(item.concept?.meaning ?? ''));
      expect(lengths).toHaveLength(1);
      expect(`${Number(lengths[0]!.value).toFixed(1)} ${lengths[0]!.unit?.value}`).toBe(length);
      const [koJson] = await seriesMetadata(context.request, url, copy.study, seriesUidOf(ko[0]!));
      const selection = readKeyObjectSelection(koJson!);
      expect(selection.title).toEqual(KEY_OBJECT_TITLES.forReferringProvider);
      expect(selection.images.map((image) => image.seriesInstanceUID)).toEqual([copy.series, copy.series]);

      // The radiologist keeps a measurement of their own: Save stores it, and it is there after a reload.
      await goToImage(senderViewer, 1);
      await senderViewer.pressKey('m');
      await dragInViewport(senderViewer, [0.4, 0.7], [0.6, 0.7]);
      await expect(senderPanel.ownMeasurements()).toHaveCount(1);
      // The list follows the drawing as it completes, and under load the drag's last moves may be
      // handled after the mouse is up: read it once it says what the image says, twice running
      // (a value from a move still being drawn once passed for the final one: 38.7 for 51.7 mm).
      let previous: string | undefined;
      await expect
        .poll(
          async () => {
            const [row] = await ReportPanel.read(senderPanel.ownMeasurements());
            const settled =
              row !== undefined && row.value === previous && (await senderViewer.annotationText(0)).includes(row.value);
            previous = row?.value;
            return settled;
          },
          { intervals: [300] },
        )
        .toBe(true);
      const [saved] = await ReportPanel.read(senderPanel.ownMeasurements());
      await senderPanel.root.getByRole('button', { name: 'Save…' }).click();
      await senderPanel.root
        .getByRole('group', { name: 'Confirm saving' })
        .getByRole('button', { name: 'Save', exact: true })
        .click();
      await expect(senderPanel.root.getByRole('status').filter({ hasText: /^Saved at \d\d:\d\d$/ })).toBeVisible();
      await sender.reload();
      await senderViewer.waitForImage(0);
      const own = senderPanel.root.locator('li.report-card').filter({ hasText: E2E_RADIOLOGIST.displayName });
      await expect(own).toHaveCount(1);
      expect(await ReportPanel.read(own.locator('ol[aria-label^="Measurements of"] > li.report-item'))).toEqual([
        saved,
      ]);
      await expect(senderPanel.ownMeasurements()).toHaveCount(0);
      expect(senderViewer.consoleErrors).toEqual([]);
      await senderContext.close();
    });
  });
}
