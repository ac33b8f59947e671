import { badRequest } from '../errors';

export type VoiFunction = 'LINEAR' | 'LINEAR_EXACT' | 'SIGMOID';

/** The query of a rendered or thumbnail resource (PS3.18 8.3.5.1), validated. */
export interface RenderOptions {
  /** Fit the image inside this many pixels, keeping its aspect ratio. */
  viewport?: { width: number; height: number };
  /** Replaces the file's own window (PS3.3 C.11.2.1.2). */
  window?: { center: number; width: number; function: VoiFunction };
  /** JPEG quality, 1–100. */
  quality?: number;
}

/** Large enough for any display, small enough that one request cannot ask for gigabytes of pixels. */
const MAX_VIEWPORT = 8192;
const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;

/**
 * Parses `viewport`, `window` and `quality`; `accept` and `charset` are the route's. `annotation`
 * is refused (nothing is burnt in) and `iccprofile` is accepted only as `no`: the images carry no
 * colour profile.
 */
export function parseRenderOptions(query: URLSearchParams): RenderOptions {
  const options: RenderOptions = {};
  const seen = new Set<string>();
  for (const [key, value] of query) {
    if (key === 'accept' || key === 'charset') continue;
    if (seen.has(key)) throw badRequest(`Query parameter "${key.slice(0, 64)}" is given more than once`);
    seen.add(key);
    if (key === 'viewport') options.viewport = viewport(value);
    else if (key === 'window') options.window = window(value);
    else if (key === 'quality') options.quality = quality(value);
    else if (key === 'iccprofile') {
      if (value !== 'no') throw badRequest('Only iccprofile=no is supported');
    } else if (key === 'annotation') throw badRequest('Annotations are not burnt into rendered images');
    else throw badRequest(`Unknown query parameter "${key.slice(0, 64)}"`);
  }
  return options;
}

function viewport(value: string): RenderOptions['viewport'] {
  const parts = value.split(',');
  if (parts.length === 6) throw badRequest('viewport with a source region (sx,sy,sw,sh) is not supported');
  const [width, height] = parts.map(Number);
  const valid = (n: number | undefined) => Number.isInteger(n) && n! >= 1 && n! <= MAX_VIEWPORT;
  if (parts.length !== 2 || !parts.every((p) => /^\d+$/.test(p)) || !valid(width) || !valid(height)) {
    throw badRequest(`viewport must be width,height in pixels (1–${MAX_VIEWPORT})`);
  }
  return { width: width!, height: height! };
}

function window(value: string): RenderOptions['window'] {
  const [center, width, fn = 'LINEAR', ...extra] = value.split(',').map((part) => part.trim());
  const fnName = fn.toUpperCase();
  if (
    extra.length > 0 ||
    !NUMBER.test(center ?? '') ||
    !NUMBER.test(width ?? '') ||
    !(Number(width) > 0) ||
    (fnName !== 'LINEAR' && fnName !== 'LINEAR_EXACT' && fnName !== 'SIGMOID')
  ) {
    throw badRequest('window must be center,width[,LINEAR|LINEAR_EXACT|SIGMOID] with a positive width');
  }
  return { center: Number(center), width: Number(width), function: fnName };
}

function quality(value: string): number {
  if (!/^\d{1,3}$/.test(value) || Number(value) < 1 || Number(value) > 100)
    throw badRequest('quality must be an integer from 1 to 100');
  return Number(value);
}
