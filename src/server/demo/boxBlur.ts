/**
 * Three passes of a separable box blur of radius `radius`: close to a Gaussian of
 * σ ≈ radius, at a cost independent of the radius (running sums).
 */
export function boxBlur(input: Float32Array, columns: number, rows: number, radius: number): Float32Array {
  const current = Float32Array.from(input);
  const next = new Float32Array(input.length);
  for (let pass = 0; pass < 3; pass++) {
    blurLines(current, next, rows, columns, 1, columns, radius);
    blurLines(next, current, columns, rows, columns, 1, radius);
  }
  return current;

  function blurLines(
    from: Float32Array,
    to: Float32Array,
    lines: number,
    length: number,
    step: number,
    lineStride: number,
    r: number,
  ): void {
    for (let line = 0; line < lines; line++) {
      const base = line * lineStride;
      const at = (k: number) => from[base + Math.max(0, Math.min(length - 1, k)) * step] ?? 0;
      let sum = 0;
      for (let k = -r; k <= r; k++) sum += at(k);
      for (let k = 0; k < length; k++) {
        to[base + k * step] = sum / (2 * r + 1);
        sum += at(k + r + 1) - at(k - r);
      }
    }
  }
}
