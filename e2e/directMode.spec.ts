import { manifest } from '../test/support/corpus';
import { expect, test } from './fixtures';
import { StudyListPage } from './studyListPage';
import { sessionCookie } from '../test/support/signIn';
import { startTokenCheckingServer, type TokenCheckingServer } from './tokenCheckingServer';

const TOKEN = 'e2e-direct-mode-token-7f3a';
const ctStudyUID =
  manifest.entries.find((entry) => entry.path === 'series/ct-philips-head-phantom-1mm/')?.studyInstanceUID ?? '';

/** What kind of DICOMweb request a path is, for the "every request type carried the token" check. */
function kindOf(path: string): string {
  if (/\/frames\/[\d,]+/.test(path)) return 'frames';
  if (/\/bulk\//.test(path)) return 'bulkdata';
  if (/\/(thumbnail|rendered)(\?|$)/.test(path)) return 'rendered';
  if (/\/metadata(\?|$)/.test(path)) return 'metadata';
  if (/\/(studies|series|instances)(\?|$)/.test(path)) return 'search';
  return 'other';
}

test.describe('direct mode', () => {
  let server: TokenCheckingServer;

  test.beforeEach(async ({ archiveUrl }) => {
    server = await startTokenCheckingServer(archiveUrl, TOKEN, { cookie: await sessionCookie(archiveUrl) });
  });
  test.afterEach(async () => {
    await server.close();
  });

  test('sends the bearer token on every request to a cross-origin DICOMweb server', async ({ page }) => {
    const list = new StudyListPage(page);
    const endpoint = `${server.url}/dicomweb`;
    await list.open(`/?dicomweb=${encodeURIComponent(endpoint)}#token=${TOKEN}`);

    // The token leaves the address bar at once; the endpoint is kept for this tab only.
    expect(page.url()).not.toContain(TOKEN);
    expect(page.url()).not.toContain('dicomweb=');
    await expect(page.getByText('Direct', { exact: true })).toBeVisible();
    await expect(page.getByText(endpoint)).toBeVisible();

    await list.search(
      () => list.idField.fill('PLASTIC'),
      (query) => query.get('PatientID') === 'PLASTIC*',
    );
    await list.study(ctStudyUID).click();
    await expect(page).toHaveURL(new RegExp(`/viewer\\?StudyInstanceUIDs=${ctStudyUID.replace(/\./g, '\\.')}$`));

    // The viewer loads metadata and pixels through the same endpoint.
    await expect
      .poll(() => server.requests.filter((r) => kindOf(r.url) === 'frames').length, { timeout: 60_000 })
      .toBeGreaterThan(0);
    await page.screenshot({ path: 'test-results/screenshots/direct-mode-viewer.png' });

    // A reload keeps direct mode: the choice lives in sessionStorage, not in the URL.
    await list.open('/');
    await expect(page.getByText(endpoint)).toBeVisible();

    const checked = server.requests.filter((r) => r.method !== 'OPTIONS');
    const kinds = new Set(checked.map((r) => kindOf(r.url)));
    expect([...kinds]).toEqual(expect.arrayContaining(['search', 'metadata', 'frames']));
    const withoutToken = checked
      .filter((r) => r.authorization !== `Bearer ${TOKEN}`)
      .map((r) => `${r.method} ${r.url}`);
    expect(withoutToken, 'requests that reached the server without the token').toEqual([]);
    expect(
      server.requests.filter((r) => r.url.includes(TOKEN)),
      'the token must never travel in a URL',
    ).toEqual([]);
  });

  test('without a token the server refuses and the list says how to fix it', async ({ page }) => {
    await page.goto(`/?dicomweb=${encodeURIComponent(`${server.url}/dicomweb`)}`);
    await expect(page.getByRole('alert')).toContainText('Sign-in required (401)');
    await expect(page.getByRole('alert')).toContainText('#token=');

    // Leaving direct mode returns to the gateway's own archive.
    await page.getByRole('button', { name: 'Use SecondRead archive' }).click();
    await expect(page.getByRole('table', { name: 'Studies' }).locator('tbody tr').first()).toBeVisible();
    await expect(page.getByText('Direct', { exact: true })).toBeHidden();
  });
});
