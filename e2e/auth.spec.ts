import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from '@playwright/test';
import { manifest } from '../test/support/corpus';
import { expect, test } from './fixtures';
import { E2E_RADIOLOGIST } from '../test/support/signIn';
import { StudyListPage } from './studyListPage';

const CT_STUDY = manifest.entries.find(
  (entry) => entry.path === 'series/ct-philips-head-phantom-1mm/',
)!.studyInstanceUID!;
const SCREENSHOTS = 'test-results/screenshots';

/** A browser with no session: the fixtures' pages start signed in, a stranger's do not. */
async function freshPage(browser: Browser, baseURL: string): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  return context.newPage();
}

async function signInThroughPage(page: Page, password: string = E2E_RADIOLOGIST.password): Promise<void> {
  await page.getByLabel('Username').fill(E2E_RADIOLOGIST.username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test.describe('sign-in', () => {
  test('the login page: wrong password, then back to the study asked for; sign out from the header', async ({
    browser,
    archiveUrl,
  }) => {
    const page = await freshPage(browser, archiveUrl);
    await page.goto(`/viewer?StudyInstanceUIDs=${CT_STUDY}`);
    await expect(page).toHaveURL(/\/login\?next=%2Fviewer%3FStudyInstanceUIDs%3D/);
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await expect(page.getByLabel('Username')).toBeFocused();

    await signInThroughPage(page, 'not-the-password');
    await expect(page.getByRole('alert')).toHaveText('Wrong username or password.');
    await expect(page.getByLabel('Password')).toHaveValue('');
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: `${SCREENSHOTS}/login-wrong-password.png` });

    await signInThroughPage(page);
    await expect(page).toHaveURL(new RegExp(`/viewer\\?StudyInstanceUIDs=${CT_STUDY.replace(/\./g, '\\.')}$`));
    await expect(page.locator('.viewport[data-slot="0"] .viewport-overlay')).toHaveAttribute('data-status', 'ready', {
      timeout: 60_000,
    });

    const list = new StudyListPage(page);
    await list.open('/');
    const account = page.getByRole('navigation', { name: 'Account' });
    await expect(account).toContainText(E2E_RADIOLOGIST.displayName);
    await account.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login$/);
    // The session is gone on the server too: the list sends the browser back to sign in.
    await page.goto('/');
    await expect(page).toHaveURL(/\/login$/);
    expect((await page.request.get('/api/me')).status()).toBe(401);
  });

  test('a session that ends mid-work: the next refused request leads to sign-in and back', async ({
    browser,
    archiveUrl,
  }) => {
    const page = await freshPage(browser, archiveUrl);
    await page.goto('/?id=PLASTIC');
    await signInThroughPage(page);
    const list = new StudyListPage(page);
    await expect(list.rows.first()).toBeVisible();

    // The session ends elsewhere (another tab signs out; the server's idle timeout does the same).
    const me = (await (await page.request.get('/api/me')).json()) as { csrfToken: string };
    expect((await page.request.post('/api/logout', { headers: { 'X-CSRF-Token': me.csrfToken } })).status()).toBe(204);

    const refused = page.waitForResponse(
      (response) => response.url().includes('/dicomweb/studies') && response.status() === 401,
    );
    await list.modality.selectOption('CT');
    await refused;
    await expect(page).toHaveURL(/\/login\?next=%2F%3F/);
    await expect(page.getByRole('status')).toContainText('Your session ended');
    await signInThroughPage(page);
    await expect(page).toHaveURL(/\/\?.*id=PLASTIC.*mod=CT/);
    await expect(list.rows.first()).toBeVisible();
  });

  test('repeated failures slow the address down, with the wait shown', async ({ browser, archiveUrl }) => {
    const page = await freshPage(browser, archiveUrl);
    await page.goto('/login');
    // Another username than the specs sign in with; the slowdown is per username and address.
    await page.getByLabel('Username').fill('e2e-throttled');
    for (let attempt = 1; attempt <= 5; attempt++) {
      await page.getByLabel('Password').fill(`wrong-${attempt}`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(page.getByRole('alert')).toHaveText('Wrong username or password.');
      await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
    }
    // The waits double from one second: a few quick tries meet one however slow this machine is.
    const alert = page.getByRole('alert');
    await expect(async () => {
      await page.getByLabel('Password').fill('wrong-again');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(alert).toHaveText(/^Too many failed sign-ins — try again in \d+ s\.$/, { timeout: 2000 });
    }).toPass({ timeout: 30_000 });
    await page.screenshot({ path: `${SCREENSHOTS}/login-throttled.png` });
  });
});
