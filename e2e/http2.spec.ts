import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { demoStudyInstanceUIDs } from '../src/server/demo';
import { startGateway, type RunningGateway } from '../test/support/gatewayProcess';
import { adminEnv, E2E_ADMIN } from '../test/support/signIn';
import { expect, test } from './fixtures';
import { ViewerPage } from './support/viewerPage';

/**
 * A gateway serving TLS itself (TLS_CERT_FILE, TLS_KEY_FILE) speaks HTTP/2 to the browser (issue 13,
 * "Transport"): the viewer's frame requests share one connection instead of queueing on six.
 */

const CT = demoStudyInstanceUIDs['ct-phantom'];

test.describe('the viewer over a TLS gateway', () => {
  test.use({ ignoreHTTPSErrors: true });
  const workDir = mkdtempSync(path.join(tmpdir(), 'secondread-e2e-h2-'));
  let gateway: RunningGateway;

  test.beforeAll(async () => {
    // The gateway adds the demo studies to its empty archive before it answers /healthz.
    test.setTimeout(180_000);
    const [key, cert] = [path.join(workDir, 'key.pem'), path.join(workDir, 'cert.pem')];
    execFileSync('openssl', [
      ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1'],
      ...['-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert],
    ]);
    gateway = await startGateway(
      'http2',
      { ...adminEnv(), DATA_DIR: path.join(workDir, 'data'), TLS_CERT_FILE: cert, TLS_KEY_FILE: key },
      { tlsCa: readFileSync(cert), timeoutMs: 170_000 },
    );
  });
  test.afterAll(async () => {
    await gateway.stop();
    rmSync(workDir, { recursive: true, force: true });
  });

  test('loads the frames over h2 and paints the image', async ({ page }) => {
    expect(gateway.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    // Cookies ignore ports: the archive gateway's sr_session cookie (fixtures.ts) would reach this
    // gateway too, whose index.html probes read the bare name over direct TLS (http/indexPage.ts)
    // and would find that one. So this page drops it and signs in itself.
    await page.context().clearCookies();
    await page.goto(`${gateway.url}/healthz`);
    const signedIn = await page.evaluate(
      async (credentials) =>
        (
          await fetch('/api/login', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(credentials),
          })
        ).status,
      E2E_ADMIN,
    );
    expect(signedIn).toBe(200);
    const viewer = new ViewerPage(page);
    await viewer.open(gateway.url, [CT]);
    await viewer.waitForImage(0);

    const resources = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((entry) => ({ name: entry.name, protocol: (entry as PerformanceResourceTiming).nextHopProtocol })),
    );
    const dicomweb = resources.filter((entry) => new URL(entry.name).pathname.startsWith('/dicomweb/'));
    const frames = dicomweb.filter((entry) => /\/frames\/\d+$/.test(new URL(entry.name).pathname));
    expect(frames.length, 'frame requests the page made').toBeGreaterThan(0);
    expect(dicomweb.filter((entry) => entry.protocol !== 'h2')).toEqual([]);
    const document = await page.evaluate(
      () => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).nextHopProtocol,
    );
    expect(document).toBe('h2');
    expect(viewer.consoleErrors).toEqual([]);
  });
});
