import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { devices, type APIRequestContext, type Browser, type Page, type Request } from '@playwright/test';
import { zipSync } from 'fflate';
import { corpusDir, entryFiles, manifest } from '../test/support/corpus';
import { E2E_ADMIN } from '../test/support/signIn';
import { expect, test } from './fixtures';
import { StudyListPage } from './studyListPage';
import { randomUid, withFreshUids } from './support/part10';
import { saveScreenshot } from './support/screenshots';

const SERIES_FOLDER = path.join(corpusDir, 'series');
const LIVER = manifest.entries.find((entry) => entry.path === 'series/ct-liver-3slice-with-seg/')!;
const LIVER_CT = entryFiles(LIVER);
/** Malformed corpus files the browser refuses before sending, each for its own reason. */
const MALFORMED = {
  'CD/PHOTO.JPG': 'malformed/derived-not-dicom-jpeg-file.dcm',
  'CD/IM_TRUNC': 'malformed/truncated-pixel-data__mr-small.dcm',
} as const;

/** A staff member's CSRF token (the fixture's context is signed in; a fresh login gives the token). */
async function csrfOf(request: APIRequestContext): Promise<string> {
  const login = await request.post('/api/login', { data: E2E_ADMIN });
  return ((await login.json()) as { csrfToken: string }).csrfToken;
}

/** Creates an upload link on the staff page; returns its URL, shown this once (and saved as a screenshot when named). */
async function createUploadLink(page: Page, label: string, screenshot?: string): Promise<string> {
  await page.goto('/upload-links');
  await page.getByLabel('Label (who sends what)').fill(label);
  await page.getByRole('button', { name: 'Create upload link' }).click();
  const url = await page.getByRole('textbox', { name: 'Upload link' }).inputValue();
  expect(url).toMatch(/\/u\/[A-Za-z0-9_-]{22,}$/);
  await expect(page.getByRole('img', { name: 'QR code of the upload link' })).toBeVisible();
  if (screenshot) await saveScreenshot(page, screenshot);
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByTestId('upload-link-row').filter({ hasText: label })).toHaveCount(1);
  return url;
}

/** A browser with no staff cookie opening the link: it lands on /upload without the token in the address. */
async function openAsSender(browser: Browser, baseURL: string, url: string, phone: boolean): Promise<Page> {
  const context = await browser.newContext({ baseURL, ...(phone && devices['Pixel 7']) });
  const page = await context.newPage();
  await page.goto(url);
  await expect(page).toHaveURL(/\/upload$/);
  await expect(page.getByRole('heading', { name: 'Send images' })).toBeVisible();
  return page;
}

async function studyCount(request: APIRequestContext, study: string): Promise<number> {
  const response = await request.get(`/dicomweb/studies?StudyInstanceUID=${study}`, {
    headers: { accept: 'application/dicom+json' },
  });
  expect([200, 204]).toContain(response.status());
  return response.status() === 204 ? 0 : ((await response.json()) as unknown[]).length;
}

interface UploadRow {
  id: string;
  linkLabel: string;
  study: { uid: string };
  instances: number;
}

async function uploads(request: APIRequestContext): Promise<UploadRow[]> {
  const response = await request.get('/api/uploads');
  expect(response.status()).toBe(200);
  return ((await response.json()) as { uploads: UploadRow[] }).uploads;
}

test.describe('upload links (archive backend)', () => {
  test('a CD folder and a phone zip go to quarantine; staff accept one study and reject another', async ({
    page,
    browser,
    archiveUrl,
  }) => {
    // 273 files (100 MB) parsed in the browser and sent one per request on two shared cores.
    test.setTimeout(420_000);
    const stamp = Date.now();
    const cdLabel = `CD from Mrs Smith ${stamp}`;
    const zipLabel = `Zip from St Elsewhere ${stamp}`;
    const cdUrl = await createUploadLink(page, cdLabel, 'upload-link-created');
    const zipUrl = await createUploadLink(page, zipLabel);

    // 1. Desktop: the corpus's series folder, picked as a folder (Playwright uploads a directory).
    const sender = await openAsSender(browser, archiveUrl, cdUrl, false);
    await sender.getByTestId('pick-folder').setInputFiles(SERIES_FOLDER);
    const folderFiles = (await readdir(SERIES_FOLDER, { recursive: true, withFileTypes: true })).filter((f) =>
      f.isFile(),
    );
    const seriesEntries = manifest.entries.filter((entry) => entry.type === 'series');
    await expect(sender.getByTestId('found-study')).toHaveCount(
      new Set(seriesEntries.map((entry) => entry.studyInstanceUID)).size,
      { timeout: 120_000 },
    );
    for (const entry of seriesEntries)
      await expect(
        sender
          .getByTestId('found-series')
          .filter({ hasText: `${entry.files!.length} images` })
          .first(),
      ).toBeVisible();
    await expect(sender.locator('.upload-thumb canvas:not([hidden])').first()).toBeVisible();
    await saveScreenshot(sender, 'upload-found');
    const send = sender.getByRole('button', { name: /^Send \d+ images$/ });
    const sendCount = Number(/\d+/.exec((await send.textContent()) ?? '')![0]);
    expect(sendCount).toBe(folderFiles.length - (await sender.getByTestId('skipped-file').count()));
    await send.click();
    await expect(sender.getByText(/^Finished:/)).toBeVisible({ timeout: 240_000 });
    await expect(sender.getByTestId('sent-file')).toHaveCount(sendCount);
    await expect(sender.locator('[data-testid="sent-file"][data-outcome="stored"]')).toHaveCount(sendCount);
    await sender.context().close();

    // 2. Phone: a zip made here of a fresh-UID copy of a series (so it is not in the archive yet), with malformed files.
    const study = randomUid();
    const series = randomUid();
    const zip = zipSync({
      ...Object.fromEntries(
        await Promise.all(
          LIVER_CT.map(async (file, n) => [
            `CD/IM${n + 1}`,
            withFreshUids(new Uint8Array(await readFile(file)), { study, series, sop: randomUid() }),
          ]),
        ),
      ),
      ...Object.fromEntries(
        await Promise.all(
          Object.entries(MALFORMED).map(async ([name, file]) => [
            name,
            new Uint8Array(await readFile(path.join(corpusDir, file))),
          ]),
        ),
      ),
    });
    const phone = await openAsSender(browser, archiveUrl, zipUrl, true);
    await phone
      .getByTestId('pick-zip')
      .setInputFiles({ name: 'cd.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) });
    await expect(phone.getByTestId('found-study')).toHaveCount(1);
    await expect(phone.getByTestId('found-series')).toContainText(`${LIVER_CT.length} images`);
    await expect(phone.getByTestId('skipped-file')).toHaveCount(Object.keys(MALFORMED).length);
    await expect(phone.getByTestId('skipped-file').filter({ hasText: 'cd.zip/CD/PHOTO.JPG' })).toContainText(
      'Not a DICOM file',
    );
    await expect(phone.getByTestId('skipped-file').filter({ hasText: 'cd.zip/CD/IM_TRUNC' })).toContainText(
      'Truncated',
    );
    await saveScreenshot(phone, 'upload-phone-found');
    // "View on this device first" hands the same files to the local viewer, which sends nothing.
    const requested: string[] = [];
    const note = (request: Request) => requested.push(new URL(request.url()).pathname);
    phone.on('request', note);
    await phone.getByRole('button', { name: 'View on this device first' }).click();
    await expect(phone).toHaveURL(/\/local$/);
    await expect(phone.getByText('These images are shown on this device only — nothing was uploaded')).toBeVisible();
    await expect(phone.locator('canvas').first()).toBeVisible();
    phone.off('request', note);
    expect(requested.filter((pathname) => pathname.startsWith('/dicomweb'))).toEqual([]);
    await phone.goBack();
    await phone
      .getByTestId('pick-zip')
      .setInputFiles({ name: 'cd.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) });
    await phone.getByRole('button', { name: `Send ${LIVER_CT.length} images` }).click();
    await expect(phone.getByText(/^Finished:/)).toContainText(`${LIVER_CT.length} stored`);
    await saveScreenshot(phone, 'upload-phone-sent');
    await phone.context().close();

    // 3. Quarantined: the staff member's QIDO does not find the study; Incoming lists it.
    expect(await studyCount(page.request, study)).toBe(0);
    await page.goto('/incoming');
    const card = page.getByRole('article', { name: `Upload ${study}` });
    await expect(card).toContainText(zipLabel);
    await expect(card).toContainText(`${LIVER_CT.length} images in 1 series`);
    await saveScreenshot(page, 'incoming');

    // 4. Accept under a reconciled Patient ID: the study is in the archive and the study list.
    const patientID = `E2E-UPLOAD-${stamp}`;
    await card.getByRole('button', { name: 'Accept…' }).click();
    const accept = page.getByRole('dialog', { name: 'Accept this study into the archive?' });
    await accept.getByLabel(/Patient ID in the archive/).fill(patientID);
    await accept.getByRole('button', { name: 'Accept' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'are now in the archive' })).toContainText(
      `${LIVER_CT.length} images`,
    );
    await expect(card).toHaveCount(0);
    expect(await studyCount(page.request, study)).toBe(1);
    const list = new StudyListPage(page);
    await list.open(`/?id=${patientID}`);
    await expect(list.study(study)).toHaveCount(1);

    // 5. Reject one of the folder's studies: it leaves Incoming and the upload list; the others are cleaned up.
    const fromCd = (await uploads(page.request)).filter((upload) => upload.linkLabel === cdLabel);
    expect(fromCd.length).toBeGreaterThan(0);
    const [rejected, ...rest] = fromCd;
    await page.goto('/incoming');
    const rejectCard = page.getByRole('article', { name: `Upload ${rejected!.study.uid}` });
    await rejectCard.getByRole('button', { name: 'Reject…' }).click();
    await page
      .getByRole('dialog', { name: 'Reject and delete this study?' })
      .getByRole('button', { name: 'Reject and delete' })
      .click();
    await expect(rejectCard).toHaveCount(0);
    expect((await uploads(page.request)).map((upload) => upload.id)).not.toContain(rejected!.id);
    const csrf = await csrfOf(page.request);
    for (const upload of rest)
      expect(
        (await page.request.delete(`/api/uploads/${upload.id}`, { headers: { 'x-csrf-token': csrf } })).status(),
      ).toBe(204);
  });
});
