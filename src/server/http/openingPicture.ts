import type { FastifyInstance } from 'fastify';
import { OPENING_PICTURE_ID, type OpeningPicture, type ProbeAnswer } from '../../api/bootstrap';
import { studiesToStartEarly } from '../../api/launchStudies';
import { firstString, type DicomJsonDataset } from '../../dicom/json';
import {
  bySeriesNumber,
  openingFrameOfSeries,
  openingPictureSize,
  openingPictureSuffix,
  openingPixelAspect,
  previewable,
  seriesOrderKey,
} from '../../dicom/openingImage';
import { DICOMWEB_PREFIX } from '../dicomweb/routes';

/**
 * The picture of the image a viewer launch opens on, named in the page itself: the browser asks
 * for it while it parses the HTML, before the app's scripts have arrived, and paints it as soon as
 * it comes. The gateway finds that image as the app would (src/dicom/openingImage.ts), by asking
 * its own /dicomweb routes with the page request's cookies, so the one scope guard decides what
 * this browser may see and the audit trail records it, exactly as for the app's own requests.
 */
export interface PageOpening {
  /** What the page's bootstrap says of it, for the app. */
  readonly picture: OpeningPicture;
  /** The picture's URL (PS3.18 /rendered of the opening frame). */
  readonly url: string;
  readonly width: number;
  readonly height: number;
}

/**
 * The study a viewer page opens first, where the app will show it in the viewer: every study the
 * URL names is a UID this session may read, as the app's own early requests need
 * (api/launchStudies.ts). Elsewhere the app shows an error or another page, which would never take
 * the picture over.
 */
export function studyToOpen(url: string, probes: readonly ProbeAnswer[]): string | undefined {
  const { pathname, search } = new URL(url, 'http://page');
  return studiesToStartEarly({ pathname, search }, probes)[0];
}

/** The request a page's own lookups go out as: its headers (cookies), its address. */
interface PageRequester {
  readonly headers: Record<string, string>;
  readonly remoteAddress: string;
}

async function askJson(app: FastifyInstance, requester: PageRequester, url: string): Promise<unknown> {
  const response = await app.inject({
    method: 'GET',
    url,
    headers: { ...requester.headers, accept: 'application/dicom+json' },
    remoteAddress: requester.remoteAddress,
  });
  return response.statusCode === 200 ? response.json() : undefined;
}

const datasets = (value: unknown): DicomJsonDataset[] => (Array.isArray(value) ? (value as DicomJsonDataset[]) : []);

/** The series the viewer opens first: the first of the study's series in the panel's order. */
function firstSeries(series: readonly DicomJsonDataset[]): string | undefined {
  return series
    .flatMap((dataset) => {
      const uid = firstString(dataset, '0020000E');
      return uid ? [{ uid, ...seriesOrderKey(dataset) }] : [];
    })
    .sort(bySeriesNumber)[0]?.uid;
}

/**
 * The opening image's picture for `study`, or undefined where the viewer would show none (the
 * first series holds no greyscale image the gateway renders) or this browser may not read it.
 */
export async function findOpening(
  app: FastifyInstance,
  requester: PageRequester,
  study: string,
): Promise<PageOpening | undefined> {
  const studyUrl = `${DICOMWEB_PREFIX}/studies/${study}`;
  const series = firstSeries(
    datasets(await askJson(app, requester, `${studyUrl}/series?includefield=0008103E&includefield=00200011`)),
  );
  if (!series) return undefined;
  const seriesUrl = `${studyUrl}/series/${series}`;
  const frame = openingFrameOfSeries(datasets(await askJson(app, requester, `${seriesUrl}/metadata`)));
  if (!frame || !previewable(frame.instance)) return undefined;
  return {
    picture: { studyInstanceUID: study, seriesInstanceUID: series, pixelAspect: openingPixelAspect(frame) },
    url: `${seriesUrl}/instances/${frame.sopInstanceUID}/frames/${frame.frameNumber}${openingPictureSuffix(frame)}`,
    ...openingPictureSize(frame),
  };
}

const attribute = (value: string) =>
  value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/**
 * The picture as the page shows it before the app runs: over the whole window, on black, whole
 * and at the pixels' true proportions, marked "Preview" (styles in src/app/styles.css). The app
 * takes it into the viewport and removes this element (src/app/openingPicture.ts).
 */
export function openingPictureMarkup(opening: PageOpening): string {
  const ratio = ((opening.width * opening.picture.pixelAspect) / opening.height).toFixed(4);
  const size = `width:min(100dvw,calc(100dvh*${ratio}));height:min(100dvh,calc(100dvw/${ratio}))`;
  return (
    `<div id="${OPENING_PICTURE_ID}"><img src="${attribute(opening.url)}" alt="Preview of the first image" ` +
    `fetchpriority="high" style="${size}"><span class="quality-badge" role="status">Preview</span></div>`
  );
}
