/**
 * Samples stored plane by plane (all of sample 0, then all of sample 1, …) reordered pixel by
 * pixel, as Cornerstone expects colour with Planar Configuration 0.
 */
export function interleavePlanes<T extends Uint8Array | Uint16Array | Uint32Array>(planar: T, samples: number): T {
  const pixels = planar.length / samples;
  const out = new (planar.constructor as new (length: number) => T)(planar.length);
  for (let sample = 0; sample < samples; sample++) {
    const plane = sample * pixels;
    for (let pixel = 0; pixel < pixels; pixel++) out[pixel * samples + sample] = planar[plane + pixel]!;
  }
  return out;
}
