import { useEffect, useRef, useSyncExternalStore } from 'react';
import { firstPreview, onFirstPreview, releaseFirstPreview, type FirstPreview } from '../../viewer/firstPreview';
import type { SlotState } from '../../viewer/viewerState';
import { dismissOpeningPicture } from '../openingPicture';
import { useViewer } from './useViewer';

/**
 * The server-rendered picture of the image a slot opens on (viewer/firstPreview.ts) while the
 * slot waits for the viewer's own first image; let go once a slot showing that series has drawn.
 */
export function useFirstPreview(slot: SlotState | undefined): FirstPreview | undefined {
  const preview = useSyncExternalStore(onFirstPreview, firstPreview);
  const series = preview?.seriesInstanceUID;
  const ours = slot !== undefined && slot.stack === undefined && slot.seriesInstanceUID === series;
  const drawn = ours && slot.status === 'ready';
  useEffect(() => {
    if (drawn) releaseFirstPreview();
  }, [drawn]);
  return ours && slot.status === 'loading' ? preview : undefined;
}

/**
 * The preview drawn where the image will be, fitted as the viewport first fits it, and marked
 * "Preview" like a progressive image's first pass. It sits in the overlay, which takes no input:
 * what a reader does reaches the viewer underneath.
 */
export function FirstImagePreview({ preview }: { preview: FirstPreview }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const target = canvas.current;
    if (!target) return;
    const draw = () => drawFitted(target, preview.picture, preview.pixelAspect);
    draw();
    // The viewport shows the picture now: the page's own copy over the whole window can go.
    dismissOpeningPicture();
    const resized = new ResizeObserver(draw);
    resized.observe(target);
    return () => resized.disconnect();
  }, [preview]);
  return (
    <>
      <canvas ref={canvas} className="first-preview" aria-label="Preview of the first image" />
      <span className="quality-badge" role="status" title="A server-rendered preview; the full image follows">
        Preview
      </span>
    </>
  );
}

/**
 * Takes the page's opening picture (src/app/openingPicture.ts) away once the viewer has something
 * of its own to show, or has found it has nothing: an image drawn, a placeholder or an error in a
 * viewport, a study that could not be listed; and when the viewer closes.
 */
export function useOpeningPictureHandoff(): void {
  const settled = useViewer(
    (state) =>
      state.error !== undefined ||
      state.slots.some((slot) => slot.status === 'ready' || slot.status === 'placeholder' || slot.status === 'error'),
  );
  useEffect(() => {
    if (settled) dismissOpeningPicture();
  }, [settled]);
  useEffect(() => dismissOpeningPicture, []);
}

/** Centred and fitted whole, pixels at their true proportions, on black, at the screen's pixel density. */
function drawFitted(target: HTMLCanvasElement, picture: ImageBitmap, pixelAspect: number): void {
  const ratio = window.devicePixelRatio || 1;
  const width = Math.max(1, Math.round(target.clientWidth * ratio));
  const height = Math.max(1, Math.round(target.clientHeight * ratio));
  if (target.width !== width) target.width = width;
  if (target.height !== height) target.height = height;
  const context = target.getContext('2d');
  if (!context) return;
  context.fillStyle = '#000';
  context.fillRect(0, 0, width, height);
  const trueWidth = picture.width * pixelAspect;
  const scale = Math.min(width / trueWidth, height / picture.height);
  const drawnWidth = trueWidth * scale;
  const drawnHeight = picture.height * scale;
  context.imageSmoothingQuality = 'high';
  context.drawImage(picture, (width - drawnWidth) / 2, (height - drawnHeight) / 2, drawnWidth, drawnHeight);
}
