import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests against the built app served by real gateways (see e2e/global-setup.ts).
 * `vite build` must run first; `npm test` does that. Playwright cannot download browsers here,
 * so the tests drive Debian's Chromium.
 */
export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  // A subfolder: Playwright empties its output folder, and test-results/ holds other reports too.
  outputDir: 'test-results/playwright',
  globalSetup: './e2e/global-setup.ts',
  // Two shared CPU cores: one browser at a time keeps timings meaningful.
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    headless: true,
    viewport: { width: 1440, height: 900 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  projects: [{ name: 'chromium' }],
});
