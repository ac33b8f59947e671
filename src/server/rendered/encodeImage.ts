import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { notAcceptable } from '../errors';
import type { DisplayImage } from './renderPixels';

export type RenderedType = 'image/jpeg' | 'image/png';

/** JPEG quality when the query names none: near-transparent for a radiology picture, still a fraction of PNG's size. */
const DEFAULT_QUALITY = 90;

/**
 * The media type to answer with, or of a multipart answer's parts (PS3.18 8.7.4): JPEG unless
 * the Accept header prefers PNG or allows only PNG. Types are compared by their q values; on a tie JPEG wins, the PS3.18 default.
 */
export function renderedType(accept: string | undefined): RenderedType {
  if (accept === undefined || accept.trim() === '') return 'image/jpeg';
  const specific = new Map<string, number>();
  let wildcard = 0;
  for (const range of accept.split(',')) {
    const [mediaType = '', ...params] = range.split(';').map((part) => part.trim().toLowerCase());
    // A multipart answer's images are asked for as multipart/related; type="image/…" (PS3.18 8.7.4).
    const partType = params
      .find((param) => param.startsWith('type='))
      ?.slice(5)
      .replace(/^"|"$/g, '');
    const type = mediaType === 'multipart/related' ? (partType ?? '*/*') : mediaType;
    const qParam = params.find((param) => param.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (!Number.isFinite(q)) continue;
    if (type === 'image/*' || type === '*/*') wildcard = Math.max(wildcard, q);
    else specific.set(type === 'image/jpg' ? 'image/jpeg' : type, q);
  }
  // A type named outright weighs what it says, even below a wildcard's q (RFC 9110 12.5.1).
  const weights: Record<RenderedType, number> = {
    'image/jpeg': specific.get('image/jpeg') ?? wildcard,
    'image/png': specific.get('image/png') ?? wildcard,
  };
  if (weights['image/jpeg'] === 0 && weights['image/png'] === 0) {
    throw notAcceptable('Rendered images are available as image/jpeg or image/png');
  }
  return weights['image/png'] > weights['image/jpeg'] ? 'image/png' : 'image/jpeg';
}

/** Fits the image inside the viewport, keeping its aspect ratio (PS3.18 8.3.5.1.3); each output pixel averages the source pixels it covers. */
export function fitViewport(
  image: DisplayImage,
  viewport: { width: number; height: number } | undefined,
): DisplayImage {
  if (viewport === undefined) return image;
  const scale = Math.min(viewport.width / image.width, viewport.height / image.height);
  const width = Math.max(1, Math.round(image.width * scale));
  const height = Math.max(1, Math.round(image.height * scale));
  if (width === image.width && height === image.height) return image;
  const { channels } = image;
  const data = new Uint8Array(width * height * channels);
  const sx = image.width / width;
  const sy = image.height / height;
  for (let y = 0; y < height; y++) {
    const y0 = Math.floor(y * sy);
    const y1 = Math.max(y0 + 1, Math.floor((y + 1) * sy));
    for (let x = 0; x < width; x++) {
      const x0 = Math.floor(x * sx);
      const x1 = Math.max(x0 + 1, Math.floor((x + 1) * sx));
      for (let c = 0; c < channels; c++) {
        let sum = 0;
        for (let v = y0; v < y1; v++) {
          for (let u = x0; u < x1; u++) sum += image.data[(v * image.width + u) * channels + c]!;
        }
        data[(y * width + x) * channels + c] = Math.round(sum / ((y1 - y0) * (x1 - x0)));
      }
    }
  }
  return { width, height, channels, data };
}

export function encodeImage(image: DisplayImage, type: RenderedType, quality = DEFAULT_QUALITY): Buffer {
  const { width, height, channels, data } = image;
  if (type === 'image/png') {
    const colorType = channels === 1 ? 0 : 2;
    const png = new PNG({ width, height, colorType, inputColorType: colorType, inputHasAlpha: false });
    png.data = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    return PNG.sync.write(png, { colorType, inputColorType: colorType, inputHasAlpha: false });
  }
  const rgba = Buffer.alloc(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    rgba[p * 4] = data[p * channels]!;
    rgba[p * 4 + 1] = data[p * channels + (channels === 3 ? 1 : 0)]!;
    rgba[p * 4 + 2] = data[p * channels + (channels === 3 ? 2 : 0)]!;
    rgba[p * 4 + 3] = 255;
  }
  return jpeg.encode({ width, height, data: rgba }, quality).data;
}
