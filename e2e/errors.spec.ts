import { createServer } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from './fixtures';
import { startGateway } from '../test/support/gatewayProcess';
import { adminEnv, signIn } from '../test/support/signIn';
import { StudyListPage } from './studyListPage';

const QIDO_STUDIES = '**/dicomweb/studies?**';

test.describe('study list errors', () => {
  test('archive unreachable shows the error state, and Retry recovers', async ({ page }) => {
    await page.route(QIDO_STUDIES, (route) => route.abort('connectionrefused'));
    await page.goto('/');
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('Archive unreachable');
    await page.screenshot({ path: 'test-results/screenshots/study-list-unreachable.png' });

    await page.unroute(QIDO_STUDIES);
    const list = new StudyListPage(page);
    await list.search(() => alert.getByRole('button', { name: 'Retry' }).click());
    await expect(list.rows.first()).toBeVisible();
    await expect(alert).toBeHidden();
  });

  test('401 and 403 get their own messages', async ({ page }) => {
    await page.route(QIDO_STUDIES, (route) =>
      route.fulfill({ status: 401, json: { error: 'UNAUTHORIZED', message: 'Sign in' } }),
    );
    await page.goto('/');
    await expect(page.getByRole('alert')).toContainText('Sign-in required (401)');

    await page.unroute(QIDO_STUDIES);
    await page.route(QIDO_STUDIES, (route) =>
      route.fulfill({ status: 403, json: { error: 'FORBIDDEN', message: 'No' } }),
    );
    await page.getByRole('button', { name: 'Retry' }).click();
    await expect(page.getByRole('alert')).toContainText('Access denied (403)');
  });

  test('an upstream archive that is down is reported as unreachable', async ({ page }) => {
    const deadPort = await closedPort();
    const dataDir = await mkdtemp(path.join(tmpdir(), 'secondread-e2e-dead-'));
    const gateway = await startGateway(
      'dead-upstream-gateway',
      { ...adminEnv(), DATA_DIR: dataDir, DICOMWEB_URL: `http://127.0.0.1:${deadPort}/dicom-web` },
      { healthy: false },
    );
    try {
      await signIn(page.context().request, gateway.url);
      await page.goto(`${gateway.url}/`);
      await expect(page.getByRole('alert')).toContainText('Archive unreachable');
      await expect(page.getByRole('button', { name: 'Retry' })).toBeVisible();
    } finally {
      await gateway.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  test('a bad direct-mode address stops at a startup message with a way back', async ({ page }) => {
    await page.goto('/?dicomweb=javascript:alert(1)');
    await expect(page.getByRole('alert')).toContainText('SecondRead cannot start');
    await expect(page.getByRole('alert')).toContainText('http or https');
    await page.getByRole('button', { name: 'Open the SecondRead archive' }).click();
    await expect(page.getByRole('table', { name: 'Studies' }).locator('tbody tr').first()).toBeVisible();
  });

  test('an unknown address shows the not-found page', async ({ page }) => {
    await page.goto('/no/such/page');
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
    await page.getByRole('link', { name: 'Go to the study list' }).click();
    await expect(page).toHaveURL(/\/$/);
  });

  test('the icon, the manifest and robots.txt are served; robots keep every page out of search engines', async ({
    page,
    request,
  }) => {
    await page.goto('/');
    const icon = await request.get('/favicon.svg');
    expect([icon.status(), icon.headers()['content-type']]).toEqual([200, 'image/svg+xml']);
    expect((await request.get('/manifest.webmanifest')).status()).toBe(200);
    const robots = await request.get('/robots.txt');
    expect(await robots.text()).toContain('Disallow: /\n');
    expect(robots.headers()['x-robots-tag']).toBe('noindex, nofollow');
  });
});

/** A loopback port nothing listens on (bound, then released). */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
