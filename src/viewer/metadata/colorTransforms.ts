/**
 * Colour pixel repairs for layouts the image loader leaves raw. Pure, so each can be checked
 * against the standard's formulas.
 */

const clamp8 = (value: number) => (value <= 0 ? 0 : value >= 255 ? 255 : Math.round(value));

/**
 * Native YBR_FULL_422 (PS3.3 C.7.6.3.1.2): per pair of pixels along a row, Y1 Y2 Cb Cr. Converted
 * with the YBR_FULL equations (C.7.6.3.1.2, JPEG File Interchange Format coefficients).
 */
export function ybrFull422ToRgb(data: ArrayLike<number>, pixels: number, rgba: boolean): Uint8Array {
  const components = rgba ? 4 : 3;
  const out = new Uint8Array(pixels * components);
  for (let pair = 0; pair < pixels / 2; pair++) {
    const y1 = data[pair * 4]!;
    const y2 = data[pair * 4 + 1]!;
    const cb = data[pair * 4 + 2]! - 128;
    const cr = data[pair * 4 + 3]! - 128;
    const red = 1.402 * cr;
    const green = -0.344136 * cb - 0.714136 * cr;
    const blue = 1.772 * cb;
    for (const [offset, y] of [
      [0, y1],
      [1, y2],
    ] as const) {
      const at = (pair * 2 + offset) * components;
      out[at] = clamp8(y + red);
      out[at + 1] = clamp8(y + green);
      out[at + 2] = clamp8(y + blue);
      if (rgba) out[at + 3] = 255;
    }
  }
  return out;
}

/** Colour samples of more than 8 bits shown on an 8-bit display: the top 8 of Bits Stored, as dcmtk does. */
export function colorTo8Bit(data: ArrayLike<number>, bitsStored: number, rgba: boolean, samples: 3 | 4): Uint8Array {
  const shift = Math.max(0, bitsStored - 8);
  const pixels = data.length / samples;
  const components = rgba ? 4 : 3;
  const out = new Uint8Array(pixels * components);
  for (let pixel = 0; pixel < pixels; pixel++) {
    for (let sample = 0; sample < 3; sample++)
      out[pixel * components + sample] = clamp8(data[pixel * samples + sample]! / 2 ** shift);
    if (rgba) out[pixel * components + 3] = 255;
  }
  return out;
}
