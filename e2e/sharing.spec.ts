import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { APIRequestContext, Browser, BrowserContext } from '@playwright/test';
import { entryFiles, manifest, type ManifestEntry } from '../test/support/corpus';
import { firstString } from '../src/dicom/json';
import { part10ToJson } from '../src/dicom/part10Json';
import { BACKENDS, expect, test } from './fixtures';
import { E2E_RADIOLOGIST } from '../test/support/signIn';
import { StudyListPage } from './studyListPage';
import { saveScreenshot } from './support/screenshots';
import { ViewerPage } from './support/viewerPage';

const entry = (seriesPath: string) => manifest.entries.find((e) => e.path === seriesPath)!;
const CT = entry('series/ct-philips-head-phantom-1mm/');
const MR = entry('series/mr-studyforrest-t1w-brain-slab/');
const CT_STUDY = CT.studyInstanceUID!;
const patientIdOf = (series: ManifestEntry) =>
  firstString(part10ToJson(readFileSync(entryFiles(series)[0]!)).dataset, '00100020') ?? '';
const PASSCODE = 'tumour-board-7';
/** Phone screenshots for the run's record only (the README shows the desktop ones). */
const SCREENSHOTS = path.join('test-results', 'screenshots');

async function newContext(browser: Browser, baseURL: string, clipboard = false): Promise<BrowserContext> {
  return browser.newContext({ baseURL, ...(clipboard && { permissions: ['clipboard-read', 'clipboard-write'] }) });
}

/** A frame of the CT that the recipient's viewer would fetch next, found with the share's own search. */
async function ctFrameUrl(request: APIRequestContext): Promise<string> {
  const response = await request.get(`/dicomweb/studies/${CT_STUDY}/series/${CT.seriesInstanceUID}/instances?limit=1`, {
    headers: { accept: 'application/dicom+json' },
  });
  expect(response.status()).toBe(200);
  const [instance] = (await response.json()) as Record<string, { Value?: string[] }>[];
  const sop = instance?.['00080018']?.Value?.[0];
  if (!sop) throw new Error('The CT has no instance');
  return `/dicomweb/studies/${CT_STUDY}/series/${CT.seriesInstanceUID}/instances/${sop}/frames/1`;
}

/** A link the radiologist made through the API (signed in, CSRF token from the login answer); returns its label. */
async function shareAsRadiologist(browser: Browser, baseURL: string): Promise<string> {
  const context = await newContext(browser, baseURL);
  const login = await context.request.post('/api/login', {
    data: { username: E2E_RADIOLOGIST.username, password: E2E_RADIOLOGIST.password },
  });
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const label = `Radiologist's link ${Date.now()}`;
  const created = await context.request.post('/api/shares', {
    headers: { 'X-CSRF-Token': csrfToken },
    data: { studyInstanceUIDs: [MR.studyInstanceUID], expiresInSeconds: 3600, label },
  });
  expect(created.status()).toBe(201);
  await context.close();
  return label;
}

for (const backend of BACKENDS) {
  test.describe(`sharing on the ${backend} backend`, () => {
    test('a radiologist shares the CT with a passcode; the recipient sees only it; revoking ends it', async ({
      browser,
      backendUrl,
    }) => {
      const url = backendUrl(backend);
      const sender = await (await newContext(browser, url, true)).newPage();

      // The radiologist signs in through the login page and lands on the study asked for.
      await sender.goto(`/viewer?StudyInstanceUIDs=${CT_STUDY}`);
      await sender.getByLabel('Username').fill(E2E_RADIOLOGIST.username);
      await sender.getByLabel('Password').fill(E2E_RADIOLOGIST.password);
      await sender.getByRole('button', { name: 'Sign in' }).click();
      const senderViewer = new ViewerPage(sender);
      await senderViewer.waitForImage(0);
      await senderViewer.viewport(0).hover();
      await senderViewer.pressKey('PageDown', 7);

      // Share: 7 days by default, a passcode, a label for the recipient.
      await sender.getByRole('toolbar', { name: 'Viewer tools' }).getByRole('button', { name: 'Share' }).click();
      const dialog = sender.getByRole('dialog', { name: 'Share with a link' });
      await expect(dialog.getByLabel('7 days')).toBeChecked();
      await expect(dialog.getByLabel('Allow the recipient to download the DICOM files')).not.toBeChecked();
      await dialog.getByLabel(/Only the series in the active viewport/).check();
      await dialog.getByLabel('Recipient label').fill('Dr Wilson, neurology');
      await dialog.getByLabel('Passcode (optional)').fill(PASSCODE);
      await saveScreenshot(sender, 'share-form', backend);
      await dialog.getByRole('button', { name: 'Create link' }).click();

      const result = sender.getByRole('dialog', { name: 'Share link' });
      const link = await result.getByRole('textbox', { name: 'Share link' }).inputValue();
      expect(link).toMatch(new RegExp(`^${url.replace(/[.:/]/g, '\\$&')}/s/[A-Za-z0-9_-]{22,}$`));
      await expect(result.getByRole('img', { name: 'QR code of the share link' })).toBeVisible();
      await expect(result).toContainText('shown only once');
      await result.getByRole('button', { name: 'Copy link' }).click();
      await expect(result.getByRole('status')).toHaveText('Copied to the clipboard.');
      expect(await sender.evaluate(() => navigator.clipboard.readText())).toBe(link);
      await saveScreenshot(sender, 'share-dialog', backend);
      await result.getByRole('button', { name: 'Done' }).click();
      await expect(result).toBeHidden();

      // The recipient: a fresh browser, the landing page, a wrong passcode, then the right one.
      const recipientContext = await newContext(browser, url);
      const recipient = await recipientContext.newPage();
      await recipient.goto(link);
      await expect(
        recipient.getByRole('heading', { name: `${E2E_RADIOLOGIST.displayName} shared a study with you` }),
      ).toBeVisible();
      await recipient.getByLabel('Passcode').fill('not-it');
      await recipient.getByRole('button', { name: 'Open the images' }).click();
      await expect(recipient.getByRole('alert')).toContainText('Wrong passcode. 4 tries left');
      await saveScreenshot(recipient, 'share-passcode', backend);
      await recipient.getByLabel('Passcode').fill(PASSCODE);
      await recipient.getByRole('button', { name: 'Open the images' }).click();
      await expect(recipient).toHaveURL(new RegExp(`/viewer\\?StudyInstanceUIDs=${CT_STUDY.replace(/\./g, '\\.')}$`));
      expect(recipient.url()).not.toContain(link.split('/s/')[1]!);

      const banner = recipient.getByRole('status', { name: 'Shared study' });
      await expect(banner).toContainText(`Shared by ${E2E_RADIOLOGIST.displayName} · expires`);
      await expect(banner).toContainText('Dr Wilson, neurology');
      const viewer = new ViewerPage(recipient);
      await viewer.waitForImage(0);
      await viewer.viewport(0).hover();
      await viewer.pressKey('PageDown', 7);
      await expect.poll(async () => (await viewer.canvasStats(0)).nonBlack).toBeGreaterThan(0.02);
      // A reduced viewer: no sharing, no account menu, no way to the list.
      await expect(recipient.getByRole('button', { name: 'Share', exact: true })).toHaveCount(0);
      await expect(recipient.getByRole('navigation', { name: 'Account' })).toHaveCount(0);
      await recipient.mouse.move(5, 5);
      await saveScreenshot(recipient, 'share-recipient', backend);

      // Nothing else: not another study, not another series, not the list (page and network).
      const seen: string[] = [];
      recipient.on('response', (response) => {
        if (response.url().includes('/dicomweb/') && response.ok()) seen.push(response.url());
      });
      await recipient.goto(`/viewer?StudyInstanceUIDs=${MR.studyInstanceUID}`);
      await expect(recipient.getByRole('heading', { name: 'Not part of this link' })).toBeVisible();
      await expect(recipient.locator('.viewport canvas')).toHaveCount(0);
      await recipient.goto('/');
      await expect(recipient).toHaveURL(/\/viewer\?StudyInstanceUIDs=/);
      await recipient.goto('/shares');
      await expect(recipient).toHaveURL(/\/viewer\?StudyInstanceUIDs=/);
      await viewer.waitForImage(0);
      expect(
        seen.filter((answer) => answer.includes(MR.studyInstanceUID!) || answer.includes(MR.seriesInstanceUID!)),
      ).toEqual([]);
      const request = recipientContext.request;
      expect((await request.get(`/dicomweb/studies/${MR.studyInstanceUID}/series`)).status()).toBe(403);
      expect(
        (await request.get(`/dicomweb/studies/${CT_STUDY}/series/${MR.seriesInstanceUID}/metadata`)).status(),
      ).toBe(403);
      expect(
        (
          await request.get(`/dicomweb/studies/${MR.studyInstanceUID}/series/${MR.seriesInstanceUID}/metadata`)
        ).status(),
      ).toBe(403);
      const listed = (await (
        await request.get('/dicomweb/studies', { headers: { accept: 'application/dicom+json' } })
      ).json()) as Record<string, { Value?: string[] }>[];
      expect(listed.map((study) => study['0020000D']?.Value?.[0])).toEqual([CT_STUDY]);
      expect((await request.get('/api/shares')).status()).toBe(403);
      const frameUrl = await ctFrameUrl(request);

      // The sender sees the open in My shares, with its history, and revokes the link.
      await sender.goto('/shares');
      const row = sender.getByRole('row').filter({ hasText: 'Dr Wilson, neurology' });
      await expect(row).toContainText('Active');
      await expect(row).toContainText('1 / ∞');
      await row.getByRole('button', { name: 'Details' }).click();
      const history = sender.getByRole('list', { name: 'Access history' });
      await expect(history).toContainText('Opened');
      await expect(history).toContainText('Wrong passcode');
      await expect(history).toContainText('Viewed');
      await saveScreenshot(sender, 'my-shares', backend);
      await sender.setViewportSize({ width: 390, height: 844 });
      await sender.screenshot({ path: path.join(SCREENSHOTS, `my-shares-phone-${backend}.png`) });
      await sender.setViewportSize({ width: 1440, height: 900 });
      await row.getByRole('button', { name: 'Revoke' }).click();
      await sender
        .getByRole('dialog', { name: 'Revoke this link?' })
        .getByRole('button', { name: 'Revoke link' })
        .click();
      await expect(row).toContainText('Revoked');
      await expect(row.getByRole('button', { name: 'Revoke' })).toBeDisabled();

      // The recipient's next image request is refused, and the page says why. The viewer has
      // the whole series in memory by now, so the page asks for a frame as the viewer would.
      const status = await recipient.evaluate(async (frame) => (await fetch(frame)).status, frameUrl);
      expect(status).toBe(401);
      await expect(recipient.getByRole('heading', { name: 'This link was revoked by the sender' })).toBeVisible();
      await expect(recipient.locator('.viewport')).toHaveCount(0);
      const refused = await request.get(frameUrl);
      expect(refused.status()).toBe(401);
      expect(((await refused.json()) as { error: string }).error).toBe('SHARE_REVOKED');
      await recipient.reload();
      await expect(recipient.getByRole('heading', { name: 'This link was revoked by the sender' })).toBeVisible();
      await recipientContext.close();
    });

    test("the study list shares several studies at once; admins see everyone's links", async ({
      page,
      browser,
      backendUrl,
    }) => {
      const url = backendUrl(backend);
      const radiologistsLabel = await shareAsRadiologist(browser, url);
      const list = new StudyListPage(page);
      await list.open(`${url}/`);
      // Found by Patient ID, as a reader would in a full archive (the fidelity spec's copies push
      // the CT off the first page); the selection holds across searches.
      for (const series of [CT, MR]) {
        const patientID = patientIdOf(series);
        await list.search(
          () => list.idField.fill(patientID),
          (query) => query.get('PatientID') === `${patientID}*`,
        );
        await list.study(series.studyInstanceUID!).getByRole('checkbox').check();
      }
      const bar = page.getByRole('group', { name: 'Selected studies' });
      await expect(bar).toContainText('2 selected');
      await bar.getByRole('button', { name: 'Share…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Share with a link' });
      await expect(dialog).toContainText('2 studies');
      await dialog.getByLabel('24 hours').check();
      await dialog.getByLabel('Max opens').fill('2');
      await dialog.getByLabel('Recipient label').fill('Tumour board');
      await page.setViewportSize({ width: 390, height: 844 });
      await page.screenshot({ path: path.join(SCREENSHOTS, `share-form-phone-${backend}.png`) });
      await page.setViewportSize({ width: 1440, height: 900 });
      await dialog.getByRole('button', { name: 'Create link' }).click();
      const link = await page
        .getByRole('dialog', { name: 'Share link' })
        .getByRole('textbox', { name: 'Share link' })
        .inputValue();
      await page.keyboard.press('Escape');
      await expect(page.getByRole('dialog')).toHaveCount(0);

      // No passcode: one click opens both studies side by side.
      const recipientContext = await newContext(browser, url);
      const recipient = await recipientContext.newPage();
      await recipient.goto(link);
      await recipient.getByRole('button', { name: 'Open the images' }).click();
      const viewer = new ViewerPage(recipient);
      await viewer.waitForImage(0);
      await viewer.waitForImage(1);
      await recipientContext.close();

      // The admin's own list shows it; "All shares" adds the radiologist's links, with their sender.
      await page.goto(`${url}/shares`);
      const row = page.getByRole('row').filter({ hasText: 'Tumour board' });
      await expect(row).toContainText('1 / 2');
      // The box follows the address (?all=1), so it shows checked once the navigation lands.
      await page.getByLabel('All shares').click();
      await expect(page.getByLabel('All shares')).toBeChecked();
      await expect(page).toHaveURL(/\/shares\?all=1$/);
      await expect(page.getByRole('heading', { name: 'All shares' })).toBeVisible();
      await expect(page.getByRole('columnheader', { name: 'Sender' })).toBeVisible();
      await expect(page.getByRole('row').filter({ hasText: radiologistsLabel })).toContainText(
        E2E_RADIOLOGIST.displayName,
      );
      await row.getByRole('button', { name: 'Extend' }).click();
      const extend = page.getByRole('dialog', { name: 'Change the expiry' });
      await extend.getByLabel('30 days').check();
      await extend.getByRole('button', { name: 'Set expiry' }).click();
      await expect(extend).toBeHidden();
    });
  });
}
