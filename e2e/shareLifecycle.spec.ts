import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { startClockedGateway, type ClockedGateway } from '../test/support/clockedGateway';
import { entryFiles, manifest } from '../test/support/corpus';
import { expect, test } from './fixtures';
import { E2E_ADMIN } from '../test/support/signIn';
import { ViewerPage } from './support/viewerPage';

/**
 * A link's life as its recipient sees it, on the archive backend: the sender's message and a
 * generated passcode, opening the link again without a second passcode or open, and a link that
 * expires while the viewer is open (then and after a reload, its own page, not the sign-in page).
 */
const CT = manifest.entries.find((e) => e.path === 'series/ct-philips-head-phantom-1mm/')!;
const CT_STUDY = CT.studyInstanceUID!;
const MESSAGE = 'Query: subdural haematoma?\nCompare with the <prior> from March.';
const SCREENSHOTS = path.join('test-results', 'screenshots');

async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

/** The admin's share of the CT through the API; returns the link and its id. */
async function shareByApi(
  browser: Browser,
  baseURL: string,
  body: Record<string, unknown>,
): Promise<{ id: string; url: string; expiresAt: string }> {
  const context = await browser.newContext({ baseURL });
  const login = await context.request.post('/api/login', { data: E2E_ADMIN });
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const created = await context.request.post('/api/shares', {
    headers: { 'X-CSRF-Token': csrfToken },
    data: { studyInstanceUIDs: [CT_STUDY], ...body },
  });
  expect(created.status()).toBe(201);
  const share = (await created.json()) as { id: string; url: string; expiresAt: string };
  await context.close();
  return share;
}

test("the sender's message and a generated passcode; opening the link again asks nothing and counts nothing", async ({
  page,
  browser,
  archiveUrl,
}) => {
  // Two viewers and a dialog on two shared cores.
  test.setTimeout(180_000);
  await page.goto(`/viewer?StudyInstanceUIDs=${CT_STUDY}`);
  await new ViewerPage(page).waitForImage(0);
  await page.getByRole('toolbar', { name: 'Viewer tools' }).getByRole('button', { name: 'Share' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share with a link' });
  await expect(dialog.getByLabel('Recipient label')).toHaveAccessibleDescription('The recipient sees this label.');
  await dialog.getByLabel('Recipient label').fill('Dr Wilson, neurology');
  await dialog.getByRole('button', { name: 'Generate' }).click();
  const passcode = await dialog.getByLabel('Passcode (optional)').inputValue();
  expect(passcode).toMatch(/^[a-zA-Z2-9]{4}-[a-zA-Z2-9]{4}-[a-zA-Z2-9]{4}$/);
  await dialog.getByLabel('Message for the recipient (optional)').fill(MESSAGE);
  await expect(dialog).toContainText(`${MESSAGE.length} / 2000`);
  await screenshot(page, 'share-form-message');
  await dialog.getByRole('button', { name: 'Create link' }).click();
  const link = await page
    .getByRole('dialog', { name: 'Share link' })
    .getByRole('textbox', { name: 'Share link' })
    .inputValue();

  const recipientContext = await browser.newContext({ baseURL: archiveUrl });
  const recipient = await recipientContext.newPage();
  await recipient.goto(link);
  await expect(recipient.getByRole('heading', { name: 'Message from' })).toBeVisible();
  // Text, not markup, and its line break kept.
  await expect(recipient.locator('blockquote')).toHaveText(
    'Query: subdural haematoma?Compare with the <prior> from March.',
  );
  expect(await recipient.locator('blockquote br').count()).toBe(1);
  await screenshot(recipient, 'share-landing-message');
  await recipient.getByLabel('Passcode').fill(passcode);
  await recipient.getByRole('button', { name: 'Open the images' }).click();
  const viewer = new ViewerPage(recipient);
  await viewer.waitForImage(0);

  const toggle = recipient.getByRole('button', { name: /^Message from / });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.click();
  const panel = recipient.getByRole('region', { name: /^Message from / });
  await expect(panel).toContainText('Compare with the <prior> from March.');
  expect(await panel.locator('p').evaluate((p) => p.textContent)).toBe(MESSAGE);
  await screenshot(recipient, 'share-viewer-message');
  await panel.getByRole('button', { name: 'Close' }).click();
  await expect(panel).toBeHidden();

  // The same link again in this browser: straight back to the viewer, no passcode, no second open.
  await recipient.goto(link);
  await expect(recipient).toHaveURL(new RegExp(`/viewer\\?StudyInstanceUIDs=${CT_STUDY.replace(/\./g, '\\.')}$`));
  await expect(recipient.getByLabel('Passcode')).toHaveCount(0);
  await viewer.waitForImage(0);
  // Clicked in a mail client (another site), the request carries no SameSite=Strict cookie: the
  // gateway's hop back from its own site brings it, so still no passcode and no open.
  await recipient.goto(`data:text/html,<a href="${link}">the link in the mail</a>`);
  await recipient.getByRole('link', { name: 'the link in the mail' }).click();
  await expect(recipient).toHaveURL(new RegExp(`/viewer\\?StudyInstanceUIDs=${CT_STUDY.replace(/\./g, '\\.')}$`));
  await viewer.waitForImage(0);
  await page.goto('/shares');
  const row = page.getByRole('row').filter({ hasText: 'Dr Wilson, neurology' });
  await expect(row).toContainText('1 / ∞');
  await recipientContext.close();
});

/**
 * The expiry test's own gateway, whose clock the test moves: the link expires without a minute's
 * wait. Started for the test and stopped after it (importing the CT and starting take seconds).
 */
const clockedTest = test.extend<{ clocked: ClockedGateway }>({
  clocked: [
    async ({}, use) => {
      const gateway = await startClockedGateway('share-clock', entryFiles(CT));
      await use(gateway);
      await gateway.stop();
    },
    { timeout: 120_000 },
  ],
});

clockedTest(
  'a link that expires while open shows its expired page at once, and again after a reload',
  async ({ browser, clocked }) => {
    // The shortest link the gateway makes is a minute; the viewer's timer at the expiry must end it.
    const LINK_MS = 60_000;
    const { url, expiresAt } = await shareByApi(browser, clocked.url, {
      expiresInSeconds: LINK_MS / 1000,
      message: 'Quick look, please.',
    });
    const recipientContext = await browser.newContext({ baseURL: clocked.url });
    // The page's clock starts at the real time and runs; the test moves it with the gateway's.
    await recipientContext.clock.install();
    const recipient = await recipientContext.newPage();
    await recipient.goto(url);
    await recipient.getByRole('button', { name: 'Open the images' }).click();
    await new ViewerPage(recipient).waitForImage(0);
    // Its own live region inside the banner's.
    const warning = recipient.getByRole('status', { name: 'Shared study' }).getByRole('status');
    await expect(warning).toHaveText(/^This link expires in (1 minute|less than a minute)\.$/);
    await screenshot(recipient, 'share-expiry-warning');

    // The share cookie ends with the link, so the browser drops it then (Expires has whole seconds,
    // which Chromium shifts by the skew between the gateway's Date header and its own clock).
    const shareCookie = (await recipientContext.cookies()).find((c) => c.name === 'sr_share');
    expect(Math.abs(shareCookie!.expires - Date.parse(expiresAt) / 1000)).toBeLessThan(2);

    // Past the expiry on the gateway's clock: the cookie it issued opens nothing any more.
    await clocked.advanceClock(LINK_MS + 1_000);
    for (const route of ['/api/share-session', `/dicomweb/studies?StudyInstanceUID=${CT_STUDY}`]) {
      const refused = await fetch(`${clocked.url}${route}`, { headers: { cookie: `sr_share=${shareCookie!.value}` } });
      expect({ route, status: refused.status, body: (await refused.json()) as unknown }).toMatchObject({
        status: 401,
        body: { error: 'SHARE_EXPIRED' },
      });
    }
    // The browser's side of the same minute: its cookie goes at its Expires (which real time has
    // not reached), and the page's timers run. No request of the viewer's is needed: the page
    // changes at the expiry on its own.
    await recipientContext.clearCookies({ name: 'sr_share' });
    await recipientContext.clock.fastForward(LINK_MS + 1_000);
    await expect(recipient.getByRole('heading', { name: /^This link expired on / })).toBeVisible();
    await expect(recipient.locator('.viewport')).toHaveCount(0);
    await screenshot(recipient, 'share-expired-open');

    // The cookie is gone; the browser still knows it held this link.
    await recipient.reload();
    await expect(recipient.getByRole('heading', { name: /^This link expired on / })).toBeVisible();
    await expect(recipient.getByLabel('Username')).toHaveCount(0);
    // The link's own address says the same.
    await recipient.goto(url);
    await expect(recipient.getByRole('heading', { name: 'This link has expired' })).toBeVisible();
    // Closing it leaves this browser's memory of it: the staff sign-in page comes back.
    await recipient.goto('/');
    await recipient.getByRole('button', { name: 'Close this link' }).click();
    await expect(recipient.getByLabel('Username')).toBeVisible();
    await recipientContext.close();
  },
);
