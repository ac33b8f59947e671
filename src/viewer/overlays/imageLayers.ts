import { Enums, type Types } from '@cornerstonejs/core';
import { windowsFromDataset, windowToRange } from '../../dicom/voi';
import type { FrameMetadata } from '../metadata/frameMetadata';
import { frameMetadataOf } from '../metadata/metadataStore';
import { fileWindows } from '../metadata/modules';
import { paddingMask, rescaledPaddingRange, storedPaddingRange, voiTableLevels } from './greyLevels';
import { overlayMask } from './overlayPlanes';

/**
 * What the GPU's linear window cannot show, drawn over the rendered image after each render: the
 * VOI LUT table while the file's VOI is in force, pixel padding as background, and the overlay
 * planes (white, as dcmtk draws Graphic overlays in Replace mode). Each layer is computed once
 * per image in image space and drawn with the image's own transform (zoom, pan, rotation, flip),
 * onto the viewport canvas itself, so window changes never touch the stored values measurements
 * read, overlays stay white whatever the window, and the canvas shows what the reader sees.
 */
interface LayerOptions {
  readonly overlayPlanes: boolean;
}

type Layer = OffscreenCanvas | HTMLCanvasElement;

interface ImageLayers {
  readonly image: Types.IImage;
  readonly layers: Map<string, Layer | undefined>;
}

/** Layers of the last few images shown (a stack scrolls back and forth over neighbours). */
const CACHE_SIZE = 16;
const cache = new Map<string, ImageLayers>();

function layersOf(image: Types.IImage): Map<string, Layer | undefined> {
  const cached = cache.get(image.imageId);
  if (cached?.image === image) return cached.layers;
  const entry = { image, layers: new Map<string, Layer | undefined>() };
  cache.delete(image.imageId);
  cache.set(image.imageId, entry);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return entry.layers;
}

function memo(image: Types.IImage, key: string, build: () => Layer | undefined): Layer | undefined {
  const layers = layersOf(image);
  if (!layers.has(key)) layers.set(key, build());
  return layers.get(key);
}

/** An RGBA layer the size of the image from one value per pixel. */
function layer(columns: number, rows: number, paint: (rgba: Uint8ClampedArray) => void): Layer {
  const rgba = new Uint8ClampedArray(columns * rows * 4);
  paint(rgba);
  const canvas: Layer =
    typeof OffscreenCanvas === 'function'
      ? new OffscreenCanvas(columns, rows)
      : Object.assign(document.createElement('canvas'), { width: columns, height: rows });
  (canvas.getContext('2d') as CanvasRenderingContext2D).putImageData(new ImageData(rgba, columns, rows), 0, 0);
  return canvas;
}

/** Modality values (after rescale) of a greyscale image, whether or not the loader rescaled them. */
function modalityValues(image: Types.IImage): ArrayLike<number> {
  const stored = image.voxelManager?.getScalarData() ?? image.getPixelData();
  if (image.preScale?.scaled || (image.slope === 1 && image.intercept === 0)) return stored;
  return Array.from(stored, (value) => value * image.slope + image.intercept);
}

/** The file's VOI LUT, when it is the VOI in force: no window in the file and the viewport still at the table's range. */
function activeVoiTable(frame: FrameMetadata, voiRange: Types.VOIRange | undefined) {
  const lut = frame.voiLuts[0];
  if (!lut || !voiRange || windowsFromDataset(frame.dataset).length) return undefined;
  const initial = fileWindows(frame)[0];
  if (!initial) return undefined;
  const range = windowToRange(initial);
  const close = (a: number, b: number) => Math.abs(a - b) < 1e-6 * Math.max(1, Math.abs(a));
  return close(range.lower, voiRange.lower) && close(range.upper, voiRange.upper) ? lut : undefined;
}

function greyscale(image: Types.IImage): boolean {
  return !image.color && !(image.numberOfComponents > 1);
}

export function drawImageLayers(viewport: Types.IStackViewport, options: LayerOptions): void {
  const image = viewport.getCornerstoneImage() as Types.IImage | undefined;
  const frame = image && frameMetadataOf(image.imageId);
  if (!image || !frame) return;
  const { rows, columns } = image;
  const { voiRange, invert = false } = viewport.getProperties();
  const drawn: Layer[] = [];
  if (greyscale(image)) {
    const lut = activeVoiTable(frame, voiRange);
    const table =
      lut &&
      memo(image, `voi:${invert}`, () => {
        const levels = voiTableLevels(modalityValues(image), lut);
        return layer(columns, rows, (rgba) => {
          for (let i = 0; i < levels.length; i++) {
            const level = invert ? 255 - levels[i]! : levels[i]!;
            rgba.set([level, level, level, 255], i * 4);
          }
        });
      });
    if (table) drawn.push(table);
    const stored = storedPaddingRange(frame.dataset);
    const padding =
      stored &&
      memo(image, `padding:${invert}`, () => {
        const range = image.preScale?.scaled ? rescaledPaddingRange(stored, image.slope, image.intercept) : stored;
        const mask = paddingMask(image.voxelManager?.getScalarData() ?? image.getPixelData(), range);
        // Below the window: black, or white where the image shows inverted (MONOCHROME1).
        const level = invert ? 255 : 0;
        return layer(columns, rows, (rgba) => {
          for (let i = 0; i < mask.length; i++) if (mask[i]) rgba.set([level, level, level, 255], i * 4);
        });
      });
    if (padding) drawn.push(padding);
  }
  const planes = frame.overlays;
  if (options.overlayPlanes && planes?.length) {
    const overlay = memo(image, 'overlay', () => {
      const mask = overlayMask(planes, frame.frameNumber, rows, columns);
      return (
        mask &&
        layer(columns, rows, (rgba) => {
          for (let i = 0; i < mask.length; i++) if (mask[i]) rgba.set([255, 255, 255, 255], i * 4);
        })
      );
    });
    if (overlay) drawn.push(overlay);
  }
  if (drawn.length) paint(viewport, drawn);
}

/** Draws image-space layers onto the viewport canvas with the transform that puts image pixels where the image is. */
function paint(viewport: Types.IStackViewport, layers: Layer[]): void {
  // Cornerstone's types say there is always image data; between stacks there is none.
  const imageData = (viewport.getImageData() as ReturnType<typeof viewport.getImageData> | undefined)?.imageData;
  const canvas = viewport.getCanvas();
  const context = canvas.getContext('2d');
  if (!imageData?.indexToWorld || !context) return;
  const indexToWorld = imageData.indexToWorld.bind(imageData);
  // Pixel centres sit on integer indices: the image's top-left corner is at (−0.5, −0.5).
  const at = (i: number, j: number) => viewport.worldToCanvas(indexToWorld([i, j, 0]) as Types.Point3);
  const origin = at(-0.5, -0.5);
  const across = at(0.5, -0.5);
  const down = at(-0.5, 0.5);
  // worldToCanvas answers in CSS pixels; the canvas is backed at the device pixel ratio.
  const scale = canvas.clientWidth ? canvas.width / canvas.clientWidth : 1;
  const { interpolationType } = viewport.getProperties();
  context.save();
  context.setTransform(
    (across[0] - origin[0]) * scale,
    (across[1] - origin[1]) * scale,
    (down[0] - origin[0]) * scale,
    (down[1] - origin[1]) * scale,
    origin[0] * scale,
    origin[1] * scale,
  );
  // Nearest neighbour unless the reader's view interpolates.
  context.imageSmoothingEnabled = interpolationType === Enums.InterpolationType.LINEAR;
  for (const layer of layers) context.drawImage(layer, 0, 0);
  context.restore();
}
