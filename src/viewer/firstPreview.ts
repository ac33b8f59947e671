import {
  openingFrameOfSeries,
  openingPictureSuffix,
  openingPixelAspect,
  previewable,
  type OpeningFrame,
} from '../dicom/openingImage';
import type { DicomwebClient } from '../dicomweb/client';
import { listSeries, seriesMetadata } from './studyRequests';

/**
 * A server-rendered picture (PS3.18 /rendered, JPEG) of the image a launch opens on, fetched as
 * soon as the first series' metadata is in, so a remote reader sees the study while the viewer's
 * code, its decoder and the lossless frame are still on their way. Free of Cornerstone: the entry
 * chunk starts it. The viewport shows it, marked as a preview, until its own first image is drawn.
 */
export interface FirstPreview {
  /** The series whose opening image it shows (its first image, as the viewer orders them). */
  readonly seriesInstanceUID: string;
  readonly picture: ImageBitmap;
  /**
   * Width of a pixel over its height (PS3.3 C.7.6.3.1.6): the picture is the pixel matrix, and the
   * viewer draws pixels at their true proportions, so the preview is stretched to match.
   */
  readonly pixelAspect: number;
}

function renderedUrl(client: DicomwebClient, study: string, series: string, frame: OpeningFrame): string {
  return `${client.frameUrl(study, series, frame.sopInstanceUID, frame.frameNumber)}${openingPictureSuffix(frame)}`;
}

let current: FirstPreview | undefined;
let started: string | undefined;
const listeners = new Set<() => void>();

function publish(preview: FirstPreview | undefined): void {
  current?.picture.close();
  current = preview;
  for (const listener of listeners) listener();
}

/** The preview fetched for this page's launch, if it has arrived and not been let go. */
export function firstPreview(): FirstPreview | undefined {
  return current;
}

export function onFirstPreview(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Lets the picture go once the viewer has drawn its own images (a few MB of decoded pixels otherwise kept). */
export function releaseFirstPreview(): void {
  if (current) publish(undefined);
}

async function fetchPreview(client: DicomwebClient, study: string): Promise<FirstPreview | undefined> {
  const [series] = await listSeries(client, study);
  if (!series) return undefined;
  const metadata = await seriesMetadata(client, study, series.seriesInstanceUID);
  const frame = openingFrameOfSeries(metadata);
  if (!frame || !previewable(frame.instance)) return undefined;
  const response = await fetch(renderedUrl(client, study, series.seriesInstanceUID, frame), {
    headers: { Accept: 'image/jpeg', ...client.authorizationHeaders() },
    credentials: 'same-origin',
  });
  if (!response.ok) return undefined;
  return {
    seriesInstanceUID: series.seriesInstanceUID,
    picture: await createImageBitmap(await response.blob()),
    pixelAspect: openingPixelAspect(frame),
  };
}

/** A picture of the opening image the page already holds (the gateway put it into index.html). */
export interface PictureOnPage {
  readonly seriesInstanceUID: string;
  readonly pixelAspect: number;
  /** Rejects when the picture did not load. */
  readonly picture: () => Promise<ImageBitmap>;
}

async function previewOnPage(onPage: PictureOnPage): Promise<FirstPreview> {
  const { seriesInstanceUID, pixelAspect } = onPage;
  return { seriesInstanceUID, pixelAspect, picture: await onPage.picture() };
}

/**
 * The preview of the image a launch into `study` opens on, once per page and study: the page's
 * own picture where it holds one, else fetched from the early series list and metadata (warmUp).
 * A preview that cannot be had is simply not shown: the viewer's own image follows regardless.
 */
export function startFirstPreview(client: DicomwebClient, study: string, onPage?: PictureOnPage): void {
  if (started === study || typeof createImageBitmap !== 'function') return;
  started = study;
  void (onPage ? previewOnPage(onPage) : fetchPreview(client, study)).then(
    (preview) => {
      if (preview && started === study) publish(preview);
      else preview?.picture.close();
    },
    () => undefined,
  );
}
