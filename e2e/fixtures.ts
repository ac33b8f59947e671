import { test as base, expect } from '@playwright/test';
import { BACKENDS, ENV, type BackendName } from './environment';
import { signIn } from '../test/support/signIn';
import { RENDER_STORAGE_KEY } from '../src/viewer/renderer/renderOverride';

export { expect, BACKENDS };

interface Backend {
  name: BackendName;
  /** Gateway base URL, e.g. http://127.0.0.1:41234; its DICOMweb root is `${url}/dicomweb`. */
  url: string;
}

interface E2EOptions {
  /**
   * The viewer's rendering path for this tab, as `?render=` would set it. 'gpu' by default: the
   * specs check Cornerstone's WebGL path, which the viewer would leave for the CPU on this
   * machine's software WebGL (SwiftShader). 'auto' lets the viewer choose.
   */
  render: 'gpu' | 'cpu' | 'auto';
}

interface E2EFixtures {
  /**
   * The gateway on the embedded archive (demo studies + corpus). Also the default `baseURL`.
   * Pages start signed in to every gateway as E2E_ADMIN (test/support/signIn.ts).
   */
  archiveUrl: string;
  /** The gateway proxying to a real Orthanc with the corpus; skips the test when Orthanc was not started. */
  orthancGatewayUrl: string;
  /** Every backend that global setup started, for running one journey against each. */
  backends: Backend[];
  /** The gateway URL of one backend; skips the test when that backend was not started. */
  backendUrl: (name: BackendName) => string;
}

const started = (name: BackendName): string | undefined =>
  process.env[name === 'archive' ? ENV.archiveUrl : ENV.orthancGatewayUrl];

export const test = base.extend<E2EFixtures & E2EOptions>({
  render: ['gpu', { option: true }],
  archiveUrl: async ({}, use) => {
    const url = started('archive');
    if (!url)
      throw new Error(`${ENV.archiveUrl} is not set: run the specs through playwright.config.ts (global setup)`);
    await use(url);
  },
  backendUrl: async ({}, use, testInfo) => {
    await use((name) => {
      const url = started(name);
      testInfo.skip(!url, `the ${name} backend was not started (E2E_BACKENDS=${process.env.E2E_BACKENDS ?? ''})`);
      return url!;
    });
  },
  orthancGatewayUrl: async ({ backendUrl }, use) => use(backendUrl('orthanc')),
  backends: async ({}, use) => use(BACKENDS.flatMap((name) => (started(name) ? [{ name, url: started(name)! }] : []))),
  baseURL: async ({ archiveUrl }, use) => use(archiveUrl),
  // Every page starts signed in to every gateway, as a radiologist's browser would be.
  context: async ({ context, render }, use) => {
    for (const name of BACKENDS) {
      const url = started(name);
      if (url) await signIn(context.request, url);
    }
    // Before any page script, on every document of the context: the tab's stored choice, as the viewer keeps it.
    if (render !== 'auto')
      await context.addInitScript(
        ([key, mode]) => {
          try {
            window.sessionStorage.setItem(key, mode);
          } catch {
            // about:blank and opaque origins have no storage; no viewer runs there.
          }
        },
        [RENDER_STORAGE_KEY, render] as const,
      );
    await use(context);
  },
});
