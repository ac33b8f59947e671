import { displayabilityOf } from './displayability';
import { enhancedStacks } from './enhanced/dimensions';
import { frameAttributes } from './enhanced/functionalGroups';
import { firstNumber, firstString, type DicomJsonDataset } from './json';
import { instanceGeometry, sortInstances } from './sortInstances';

/**
 * Which image a viewer launch opens on, and how its server-rendered picture (PS3.18 /rendered) is
 * asked for. Shared by the browser, which fetches that picture as soon as the first series'
 * metadata is in, and the gateway, which names it in index.html: both must pick the same image.
 */

/** What orders a study's series in the viewer's panel, and so which series a launch opens first. */
interface SeriesOrderKey {
  readonly seriesNumber?: number;
  readonly description: string;
}

/** A series' Series Number and description from its QIDO answer (or one of its instances). */
export function seriesOrderKey(dataset: DicomJsonDataset): SeriesOrderKey {
  const seriesNumber = firstNumber(dataset, '00200011');
  return {
    description: firstString(dataset, '0008103E')?.trim() || '(no description)',
    ...(seriesNumber !== undefined && { seriesNumber }),
  };
}

/** The series panel's order: by Series Number, those without one last, then by description. */
export const bySeriesNumber = (a: SeriesOrderKey, b: SeriesOrderKey) =>
  (a.seriesNumber ?? Number.MAX_SAFE_INTEGER) - (b.seriesNumber ?? Number.MAX_SAFE_INTEGER) ||
  a.description.localeCompare(b.description);

/** The frame a series opens on, as the viewer orders its image ids: the first of them. */
export interface OpeningFrame {
  readonly instance: DicomJsonDataset;
  readonly sopInstanceUID: string;
  readonly frameNumber: number;
}

/**
 * The first image id the viewer makes for instances in display order: the first frame of the
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

/** The frame a series' metadata (one dataset per instance, any order) opens on. */
export function openingFrameOfSeries(metadata: readonly DicomJsonDataset[]): OpeningFrame | undefined {
  return openingFrame(sortInstances(metadata, instanceGeometry));
}

/**
 * Column spacing over row spacing, as the viewer draws the frame: from its Pixel Spacing (an
 * enhanced object's per-frame or shared value), else square (viewer/metadata/modules.ts imagePlaneModule).
 */
export function pixelAspectOf(frame: DicomJsonDataset): number {
  const [row, column] = (frame['00280030']?.Value ?? []).map(Number);
  return row! > 0 && column! > 0 ? column! / row! : 1;
}

/** The opening frame's pixel aspect, from its own functional groups where it is an enhanced object's. */
export const openingPixelAspect = (frame: OpeningFrame) =>
  pixelAspectOf(frameAttributes(frame.instance, frame.frameNumber));

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
export function previewable(instance: DicomJsonDataset): boolean {
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

/** The picture's size: the frame's, scaled down to at most LONGEST_SIDE_PX a side. */
export function openingPictureSize(frame: OpeningFrame): { width: number; height: number } {
  const rows = firstNumber(frame.instance, '00280010') ?? LONGEST_SIDE_PX;
  const columns = firstNumber(frame.instance, '00280011') ?? LONGEST_SIDE_PX;
  const scale = Math.min(1, LONGEST_SIDE_PX / Math.max(rows, columns));
  return { width: Math.max(1, Math.round(columns * scale)), height: Math.max(1, Math.round(rows * scale)) };
}

/**
 * The picture's path below the frame's WADO-RS URL: rendered at the file's window, at
 * openingPictureSize, as JPEG whatever the Accept header (PS3.18's accept parameter). An <img>'s
 * Accept in Safari and Firefox names image/png, which would otherwise win: a picture many times
 * the size, and not the one the archive made ahead (archive/openingPictures.ts).
 */
export function openingPictureSuffix(frame: OpeningFrame): string {
  const { width, height } = openingPictureSize(frame);
  return `/rendered?viewport=${width},${height}&accept=image/jpeg`;
}
