import type { Types } from '@cornerstonejs/core';
import { markersFromScreenAxes, type OrientationMarkers, type Vec3 } from '../dicom/orientation';
import { rangeToWindow, type VoiWindow } from '../dicom/voi';
import { numberOfFrames } from './metadata/frameDataset';
import { frameMetadataOf } from './metadata/metadataStore';
import { imagePlaneModule } from './metadata/modules';
import { overlayCorners } from './overlayInfo';
import type { SlotState } from './viewerState';

const minus = (a: Types.Point3, b: Types.Point3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];

/**
 * Screen pixels per image pixel (100 % = one image pixel on one CSS pixel), measured through
 * the camera so it stays right after any zoom, rotation or resize.
 */
function magnification(viewport: Types.IStackViewport, columnSpacing: number): number {
  const origin = viewport.canvasToWorld([0, 0]);
  const step = Math.hypot(...minus(viewport.canvasToWorld([100, 0]), origin)) / 100;
  return step > 0 ? columnSpacing / step : 1;
}

/** Patient directions of screen-right and screen-down, from the camera (so flips and rotations are included). */
function markers(viewport: Types.IStackViewport): OrientationMarkers {
  const origin = viewport.canvasToWorld([0, 0]);
  return markersFromScreenAxes(
    minus(viewport.canvasToWorld([1, 0]), origin),
    minus(viewport.canvasToWorld([0, 1]), origin),
  );
}

/** What the overlay and toolbar show for a rendered stack viewport; undefined before it shows an image. */
export function readViewport(viewport: Types.IStackViewport): Partial<SlotState> | undefined {
  // The CPU path renders (and says so) before its first image, when it has no camera to read yet.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- typed as always a point; it is not then
  if (viewport.canvasToWorld([0, 0]) === undefined) return undefined;
  const imageId = viewport.getCurrentImageId();
  const frame = imageId ? frameMetadataOf(imageId) : undefined;
  const { voiRange, invert = false } = viewport.getProperties();
  const window: VoiWindow | undefined = voiRange && rangeToWindow(voiRange);
  const presentation = viewport.getViewPresentation();
  const imageCount = viewport.getImageIds().length;
  const imageIndex = viewport.getCurrentImageIdIndex();
  const plane = frame && imagePlaneModule(frame);
  const calibrated = plane ? !plane.usingDefaultValues : false;
  const zoom = magnification(viewport, plane?.columnPixelSpacing ?? 1);
  const hasOrientation = frame?.dataset['00200037'] !== undefined;
  return {
    imageIndex,
    imageCount,
    invert,
    zoom,
    calibrated,
    rotation: presentation.rotation ?? 0,
    flipHorizontal: presentation.flipHorizontal ?? false,
    flipVertical: presentation.flipVertical ?? false,
    ...(window && { window }),
    markers: hasOrientation ? markers(viewport) : undefined,
    overlay: frame
      ? overlayCorners(frame.dataset, {
          imageIndex,
          imageCount,
          frameNumber: frame.frameNumber,
          numberOfFrames: numberOfFrames(frame.dataset),
          window,
          zoom,
        })
      : undefined,
  };
}
