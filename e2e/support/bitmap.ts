/** An 8-bit picture: what a display shows, one or three samples per pixel, row by row. */
export interface Bitmap {
  width: number;
  height: number;
  channels: 1 | 3;
  data: Uint8Array;
}

/** Parses binary PGM (P5) and PPM (P6) with maxval 255, as dcmtk writes them (+op). */
export function parsePnm(bytes: Uint8Array): Bitmap {
  const tokens: string[] = [];
  let at = 0;
  while (tokens.length < 4) {
    while (at < bytes.length && /\s/.test(String.fromCharCode(bytes[at]!))) at++;
    if (bytes[at] === 0x23) {
      while (at < bytes.length && bytes[at] !== 0x0a) at++;
      continue;
    }
    let token = '';
    while (at < bytes.length && !/\s/.test(String.fromCharCode(bytes[at]!))) token += String.fromCharCode(bytes[at++]!);
    tokens.push(token);
  }
  const [magic, width, height, maxval] = tokens;
  if ((magic !== 'P5' && magic !== 'P6') || maxval !== '255')
    throw new Error(`Unsupported PNM header ${tokens.join(' ')}`);
  const channels = magic === 'P5' ? 1 : 3;
  const size = Number(width) * Number(height) * channels;
  return { width: Number(width), height: Number(height), channels, data: bytes.slice(at + 1, at + 1 + size) };
}

export interface Comparison {
  /** Mean absolute difference in grey levels (0–255) over the overlapping pixels and samples. */
  mad: number;
  /** Largest difference seen. */
  max: number;
  /** How the viewer's picture was shifted against the reference for the best match. */
  offset: [number, number];
  pixels: number;
}

/**
 * Compares what the viewer drew (RGBA canvas pixels, image at 1:1 roughly centred) with a
 * reference bitmap. The exact placement of the image on the canvas is found by trying small
 * shifts around the centred position and keeping the best. Edge pixels depend on how each
 * renderer treats the image border: a border of 2 pixels is ignored unless the image is tiny.
 */
export function compareWithCanvas(
  reference: Bitmap,
  canvas: { width: number; height: number; rgba: Uint8Array },
  border = Math.min(reference.width, reference.height) > 16 ? 2 : 0,
): Comparison {
  const baseX = Math.round((canvas.width - reference.width) / 2);
  const baseY = Math.round((canvas.height - reference.height) / 2);
  let best: Comparison | undefined;
  for (let dy = -2; dy <= 2; dy++) {
    for (let dx = -2; dx <= 2; dx++) {
      const comparison = compareAt(reference, canvas, baseX + dx, baseY + dy, border);
      if (comparison && (!best || comparison.mad < best.mad)) best = { ...comparison, offset: [dx, dy] };
    }
  }
  if (!best) throw new Error('The viewer picture and the reference do not overlap');
  return best;
}

function compareAt(
  reference: Bitmap,
  canvas: { width: number; height: number; rgba: Uint8Array },
  left: number,
  top: number,
  border: number,
): Comparison | undefined {
  const x0 = Math.max(border, -left + border);
  const y0 = Math.max(border, -top + border);
  const x1 = Math.min(reference.width - border, canvas.width - left - border);
  const y1 = Math.min(reference.height - border, canvas.height - top - border);
  if (x1 <= x0 || y1 <= y0) return undefined;
  // Sample every other row on big images: enough pixels, a quarter of the time for the 25 shifts.
  const step = (x1 - x0) * (y1 - y0) > 400_000 ? 2 : 1;
  let sum = 0;
  let max = 0;
  let count = 0;
  for (let y = y0; y < y1; y += step) {
    for (let x = x0; x < x1; x++) {
      const c = ((y + top) * canvas.width + (x + left)) * 4;
      const r = (y * reference.width + x) * reference.channels;
      for (let s = 0; s < 3; s++) {
        const expected = reference.data[r + (reference.channels === 3 ? s : 0)]!;
        const difference = Math.abs(canvas.rgba[c + s]! - expected);
        sum += difference;
        if (difference > max) max = difference;
        count++;
      }
    }
  }
  return { mad: sum / count, max, offset: [0, 0], pixels: count / 3 };
}

/**
 * The picture as a display shows pixels that are not square: stretched by `sx` across and `sy`
 * down, each screen pixel taking the nearest image pixel, as the viewer draws them. Which screen
 * row or column repeats an image one depends on where the image sits on the screen: `phase` (0–1)
 * moves the sampling by that fraction of a screen pixel.
 */
export function stretched(reference: Bitmap, sx: number, sy: number, phase = 0.5): Bitmap {
  const width = Math.round(reference.width * sx);
  const height = Math.round(reference.height * sy);
  const data = new Uint8Array(width * height * reference.channels);
  for (let y = 0; y < height; y++) {
    const sourceY = Math.min(reference.height - 1, Math.floor((y + (sy === 1 ? 0.5 : phase)) / sy));
    for (let x = 0; x < width; x++) {
      const sourceX = Math.min(reference.width - 1, Math.floor((x + (sx === 1 ? 0.5 : phase)) / sx));
      for (let s = 0; s < reference.channels; s++)
        data[(y * width + x) * reference.channels + s] =
          reference.data[(sourceY * reference.width + sourceX) * reference.channels + s]!;
    }
  }
  return { ...reference, width, height, data };
}
