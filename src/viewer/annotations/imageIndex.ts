import { firstNumber, firstString } from '../../dicom/json';
import type { ImageRef } from '../../dicom/sr/references';
import type { FrameMetadata } from '../metadata/frameMetadata';

/** The image a registered frame is; the frame number only for a multi-frame instance (as DICOM references it). */
export function imageRefOfFrame(frame: FrameMetadata): ImageRef {
  const multiFrame = (firstNumber(frame.dataset, '00280008') ?? 1) > 1;
  return {
    studyInstanceUID: frame.studyInstanceUID,
    seriesInstanceUID: frame.seriesInstanceUID,
    sopInstanceUID: frame.sopInstanceUID,
    sopClassUID: firstString(frame.dataset, '00080016') ?? '',
    ...(multiFrame && { frameNumber: frame.frameNumber }),
  };
}

/** `<SOP Instance UID>:<frame>`, frame 1 for a single-frame image: the key the adapters use too. */
export function imageKey(image: Pick<ImageRef, 'sopInstanceUID' | 'frameNumber'>): string {
  return `${image.sopInstanceUID}:${image.frameNumber ?? 1}`;
}

export function sameImage(a: ImageRef, b: ImageRef): boolean {
  return imageKey(a) === imageKey(b);
}

/** Where an image sits: its series and its index in the series' stack. */
interface ImagePosition {
  readonly seriesInstanceUID: string;
  readonly index: number;
  readonly imageId: string;
}

/**
 * The images of one viewer's loaded series, both ways: image id → ImageRef (what a measurement is
 * on) and ImageRef → image id and stack position (where to show it). Image ids change between
 * sessions; SOP Instance UID and frame do not.
 */
export class ImageIndex {
  private readonly refs = new Map<string, ImageRef>();
  private readonly positions = new Map<string, ImagePosition>();

  /** Adds a series' images in stack order; `frameOf` gives each image id's registered frame. */
  addSeries(
    seriesInstanceUID: string,
    imageIds: readonly string[],
    frameOf: (imageId: string) => FrameMetadata | undefined,
  ): void {
    for (const [index, imageId] of imageIds.entries()) {
      const frame = frameOf(imageId);
      if (!frame) continue;
      const ref = imageRefOfFrame(frame);
      this.refs.set(imageId, ref);
      this.positions.set(imageKey(ref), { seriesInstanceUID, index, imageId });
    }
  }

  refOf(imageId: string | undefined): ImageRef | undefined {
    return imageId === undefined ? undefined : this.refs.get(imageId);
  }

  positionOf(image: Pick<ImageRef, 'sopInstanceUID' | 'frameNumber'>): ImagePosition | undefined {
    return this.positions.get(imageKey(image));
  }

  has(imageId: string | undefined): boolean {
    return imageId !== undefined && this.refs.has(imageId);
  }

  /** `<SOP Instance UID>:<frame>` → image id, the map the adapters' generateToolState takes. */
  sopInstanceUIDToImageIdMap(): Record<string, string> {
    return Object.fromEntries([...this.positions].map(([key, position]) => [key, position.imageId]));
  }
}
