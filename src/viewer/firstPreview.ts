import { enhancedStacks } from '../dicom/enhanced/dimensions';
import { frameAttributes } from '../dicom/enhanced/functionalGroups';
import { firstNumber, firstString, type DicomJsonDataset } from '../dicom/json';
import { instanceGeometry, sortInstances } from '../dicom/sortInstances';
import type { DicomwebClient } from '../dicomweb/client';
import { displayabilityOf } from './displayability';
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

/** The frame a series opens on, as registerSeries orders its image ids: the first of them. */
interface OpeningFrame {
  readonly instance: DicomJsonDataset;
  readonly sopInstanceUID: string;
  readonly frameNumber: number;
}

/**
 * The first image id registerSeries makes for instances in display order: the first frame of the
 * first stack of the first displayable instance that has a SOP Instance UID.
 */
export function openingFrame(instancesInDisplayOrder: readonly DicomJsonDataset[]): OpeningFrame | undefined {
  for (const instance of instancesInDisplayOrder) {
    if (!displayabilityOf(instance).displayable) continue;
    const sopInstanceUID = firstString(instance, '00080018');
    const frameNumber = sopInstanceUID ? enhancedStacks(instance)[0]?.frameNumbers[0] : undefined;
    if (sopInstanceUID && frameNumber !== undefined) return { instance, sopInstanceUID, frameNumber };
  }
  return undefined;
}

/**
 * Column spacing over row spacing, as the viewer draws the frame: from its Pixel Spacing (an
 * enhanced object's per-frame or shared value), else square (metadata/modules.ts imagePlaneModule).
 */
export function pixelAspectOf(frame: DicomJsonDataset): number {
  const [row, column] = (frame['00280030']?.Value ?? []).map(Number);
  return row! > 0 && column! > 0 ? column! / row! : 1;
}

/**
 * Syntaxes the gateway renders (src/server/rendered): native, deflated, RLE, JPEG baseline,
 * extended (12-bit) and lossless, JPEG-LS, JPEG 2000 and HTJ2K. Others answer 406, so are not
 * asked for where the metadata names the syntax; the embedded archive's does not, and a 406 then
 * only means there is no preview.
 */
const RENDERABLE_SYNTAX =
  /^1\.2\.840\.10008\.1\.2(?:|\.1|\.2|\.1\.99|\.5|\.4\.5[01]|\.4\.57|\.4\.70|\.4\.80|\.4\.81|\.4\.90|\.4\.91|\.4\.20[123])$/;

/**
 * Greyscale pictures only: the viewer's first window is the file's, which is also the server's
 * default, so the preview and the image that replaces it look alike. Colour images, fewer and
 * rarely the first of a remote read, wait for the viewer's own drawing.
 */
function previewable(instance: DicomJsonDataset): boolean {
  const photometric = firstString(instance, '00280004')?.trim();
  const syntax = firstString(instance, '00020010') ?? firstString(instance, '00083002');
  return (
    firstNumber(instance, '00280002') === 1 &&
    (photometric === 'MONOCHROME1' || photometric === 'MONOCHROME2') &&
    (syntax === undefined || RENDERABLE_SYNTAX.test(syntax))
  );
}

/** Sharp enough for a first look on any screen; a 512² CT slice comes as a JPEG of about 16 KB. */
const LONGEST_SIDE_PX = 1024;

function renderedUrl(client: DicomwebClient, study: string, series: string, frame: OpeningFrame): string {
  const rows = firstNumber(frame.instance, '00280010') ?? LONGEST_SIDE_PX;
  const columns = firstNumber(frame.instance, '00280011') ?? LONGEST_SIDE_PX;
  const scale = Math.min(1, LONGEST_SIDE_PX / Math.max(rows, columns));
  const viewport = `${Math.max(1, Math.round(columns * scale))},${Math.max(1, Math.round(rows * scale))}`;
  const frameUrl = client.frameUrl(study, series, frame.sopInstanceUID, frame.frameNumber);
  return `${frameUrl}/rendered?viewport=${viewport}`;
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
  const frame = openingFrame(sortInstances(metadata, instanceGeometry));
  if (!frame || !previewable(frame.instance)) return undefined;
  const response = await fetch(renderedUrl(client, study, series.seriesInstanceUID, frame), {
    headers: { Accept: 'image/jpeg', ...client.authorizationHeaders() },
    credentials: 'same-origin',
  });
  if (!response.ok) return undefined;
  return {
    seriesInstanceUID: series.seriesInstanceUID,
    picture: await createImageBitmap(await response.blob()),
    pixelAspect: pixelAspectOf(frameAttributes(frame.instance, frame.frameNumber)),
  };
}

/**
 * Fetches the preview of the image a launch into `study` opens on, once per page and study, from
 * the early series list and metadata (warmUp). A preview that cannot be had is simply not shown:
 * the viewer's own image follows regardless.
 */
export function startFirstPreview(client: DicomwebClient, study: string): void {
  if (started === study || typeof createImageBitmap !== 'function') return;
  started = study;
  fetchPreview(client, study).then(
    (preview) => {
      if (preview && started === study) publish(preview);
      else preview?.picture.close();
    },
    () => undefined,
  );
}
