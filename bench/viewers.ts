import type { BrowserContext, Page } from '@playwright/test';
import { E2E_ADMIN } from '../test/support/signIn';
import type { Backends } from './backends';
import type { BenchStudy } from './studies';
import type { ThrottleRelay } from './throttleRelay';

export type ViewerKey =
  'secondread-proxy' | 'secondread-archive' | 'ohif' | 'orthanc-webviewer' | 'orthanc-webviewer-lossless';

/**
 * How the harness drives one viewer. Everything else (first image, scroll, bytes, memory) is
 * measured by the same code for all of them; only what differs between viewers lives here.
 */
export interface ViewerTarget {
  key: ViewerKey;
  label: string;
  url(study: BenchStudy): string;
  /** Before the page opens: e.g. sign in, so the session cookie rides on the viewer's requests. */
  prepare(context: BrowserContext): Promise<void>;
  /** Requests that carry one image's pixels; "loaded" counts them. */
  imageRequest: RegExp;
  /** An element present while the viewer says it is still loading the series (SecondRead's own indicator). */
  progressSelector?(study: BenchStudy): string;
  /** An element present while the image on screen is a reduced-quality preview (SecondRead's quality badge). */
  partialSelector?: string;
  /** The throttled link in front of the viewer's server (--network), where bytes on the wire are counted. */
  link?: ThrottleRelay;
  /** Give keyboard focus to whatever takes the "next image" key. */
  focus(page: Page): Promise<void>;
  nextKey: string;
  previousKey: string;
}

const signIn = (gatewayUrl: string) => async (context: BrowserContext) => {
  const response = await context.request.post(`${gatewayUrl}/api/login`, { data: E2E_ADMIN });
  if (!response.ok()) throw new Error(`Sign-in to ${gatewayUrl} failed: HTTP ${response.status()}`);
};

/** SecondRead and OHIF take keys on the window; a focused button or input would keep the arrows for itself. */
const focusPage = async (page: Page) => {
  await page.mouse.move(1, 1);
  await page.evaluate('document.activeElement instanceof HTMLElement && document.activeElement.blur()');
};

/** Each server's own URL, or the throttling relay in front of it with --network. */
type Links = ReadonlyMap<string, ThrottleRelay>;

function secondRead(
  key: 'secondread-proxy' | 'secondread-archive',
  label: string,
  serverUrl: string,
  links: Links,
): ViewerTarget {
  const link = links.get(serverUrl);
  const gatewayUrl = link?.url ?? serverUrl;
  return {
    key,
    label,
    link,
    url: (study) => `${gatewayUrl}/viewer?StudyInstanceUIDs=${study.studyInstanceUID}`,
    prepare: signIn(gatewayUrl),
    imageRequest: /\/frames\/\d+/,
    // The series thumbnail shows "NN%" until every image of the series is loaded and decoded
    // (src/app/viewer/SeriesThumbnail.tsx, fed by src/viewer/prefetcher.ts).
    progressSelector: (study) => `[data-series-uid="${study.seriesInstanceUID}"] .series-thumb-progress`,
    // "Preview" while the page shows the gateway's picture of the first image (src/app/openingPicture.ts),
    // and while a progressive (HTJ2K) image is still being completed (src/app/viewer/ViewportOverlay.tsx).
    partialSelector: '#opening-picture .quality-badge, .viewport[data-slot="0"] .quality-badge',
    focus: focusPage,
    nextKey: 'ArrowDown',
    previousKey: 'ArrowUp',
  };
}

/**
 * Orthanc's Web Viewer sends 8-bit JPEG (quality 95) unless "Best quality" is picked in its
 * toolbar, which sets `compression = 'deflate'` in viewer.js. The lossless variant serves
 * viewer.js with that default, so the first image is the full-fidelity one a reader needs.
 */
const losslessOrthanc = async (context: BrowserContext) => {
  await context.route('**/web-viewer/app/viewer.js', async (route) => {
    const response = await route.fetch();
    const original = await response.text();
    const script = original.replace("var compression = 'jpeg95';", "var compression = 'deflate';");
    // A viewer.js that no longer sets the default this way must not pass for the lossless variant:
    // without its script the viewer shows nothing, and the run reports no image.
    if (script === original) await route.abort('failed');
    else await route.fulfill({ response, body: script });
  });
};

function orthancViewer(
  backends: Backends,
  key: 'orthanc-webviewer' | 'orthanc-webviewer-lossless',
  links: Links,
): ViewerTarget {
  const link = links.get(backends.orthanc.restUrl);
  return {
    key,
    label: key === 'orthanc-webviewer' ? 'Orthanc Web Viewer' : 'Orthanc Web Viewer (lossless)',
    link,
    url: (study) =>
      `${link?.url ?? backends.orthanc.restUrl}/web-viewer/app/viewer.html?series=${backends.orthancSeriesIds.get(study.seriesInstanceUID) ?? ''}`,
    prepare: key === 'orthanc-webviewer' ? async () => {} : losslessOrthanc,
    imageRequest: /\/web-viewer\/instances\//,
    // Its only keyboard input is the jQuery UI slider under the image (arrows step it); the
    // viewer loads each image when it is shown and prefetches nothing.
    focus: async (page) => page.focus('#slider .ui-slider-handle'),
    nextKey: 'ArrowRight',
    previousKey: 'ArrowLeft',
  };
}

/** The origins each viewer's browser talks to; `links` puts a throttling relay in front of any of them. */
export function viewerOrigins(backends: Backends): string[] {
  return [backends.proxyGateway.url, backends.archiveGateway.url, backends.ohif.url, backends.orthanc.restUrl];
}

export function viewerTargets(backends: Backends, links: Links = new Map()): ViewerTarget[] {
  const ohifLink = links.get(backends.ohif.url);
  return [
    secondRead('secondread-proxy', 'SecondRead (proxy → Orthanc)', backends.proxyGateway.url, links),
    secondRead('secondread-archive', 'SecondRead (embedded archive)', backends.archiveGateway.url, links),
    {
      key: 'ohif',
      label: 'OHIF',
      link: ohifLink,
      url: (study) => `${ohifLink?.url ?? backends.ohif.url}/viewer?StudyInstanceUIDs=${study.studyInstanceUID}`,
      prepare: async () => {},
      imageRequest: /\/frames\/\d+/,
      focus: focusPage,
      // OHIF's default hotkeys: nextImage on "down", previousImage on "up".
      nextKey: 'ArrowDown',
      previousKey: 'ArrowUp',
    },
    orthancViewer(backends, 'orthanc-webviewer', links),
    orthancViewer(backends, 'orthanc-webviewer-lossless', links),
  ];
}
