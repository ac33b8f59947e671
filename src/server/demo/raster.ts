import type { Section } from './solids';

/**
 * Maps pixel (column, row) centres to plane coordinates in mm: u = u0 + column·du,
 * v = v0 + row·dv. du and dv may be negative (a sagittal image's v runs towards the feet).
 */
export interface PlaneGrid {
  readonly columns: number;
  readonly rows: number;
  readonly u0: number;
  readonly v0: number;
  readonly du: number;
  readonly dv: number;
}

type Samples = Int16Array | Float32Array;

/** The u interval of a section at plane coordinate v, or undefined when v misses it. */
function rowInterval(section: Section, v: number): [number, number] | undefined {
  if (v < section.vMin || v > section.vMax) return undefined;
  const dv = (v - section.cv) / section.rv;
  const rest = 1 - dv * dv;
  if (!(rest >= 0)) return undefined;
  const half = section.ru * Math.sqrt(rest);
  return [Math.max(section.cu - half, section.uMin), Math.min(section.cu + half, section.uMax)];
}

/**
 * Sets every pixel whose centre lies in `section` and in all of `within` to `value`, and its
 * `flags` entry to `flag`. Pixel-centre sampling keeps the edge of a region exact, which the
 * phantoms' known-value inserts rely on. Sections are convex, so each row is one run of pixels.
 */
export function paintSection(
  samples: Samples,
  flags: Uint8Array,
  grid: PlaneGrid,
  section: Section,
  within: readonly Section[],
  value: number,
  flag: number,
): void {
  const vLow = Math.max(section.cv - section.rv, section.vMin);
  const vHigh = Math.min(section.cv + section.rv, section.vMax);
  const a = (vLow - grid.v0) / grid.dv;
  const b = (vHigh - grid.v0) / grid.dv;
  const firstRow = Math.max(0, Math.ceil(Math.min(a, b)));
  const lastRow = Math.min(grid.rows - 1, Math.floor(Math.max(a, b)));
  for (let row = firstRow; row <= lastRow; row++) {
    const v = grid.v0 + row * grid.dv;
    const interval = rowInterval(section, v);
    if (!interval) continue;
    let [low, high] = interval;
    for (const clip of within) {
      const clipped = rowInterval(clip, v);
      if (!clipped) {
        high = -Infinity;
        break;
      }
      low = Math.max(low, clipped[0]);
      high = Math.min(high, clipped[1]);
    }
    if (!(low <= high)) continue;
    const c0 = (low - grid.u0) / grid.du;
    const c1 = (high - grid.u0) / grid.du;
    const first = Math.max(0, Math.ceil(Math.min(c0, c1)));
    const last = Math.min(grid.columns - 1, Math.floor(Math.max(c0, c1)));
    if (first > last) continue;
    const base = row * grid.columns;
    samples.fill(value, base + first, base + last + 1);
    flags.fill(flag, base + first, base + last + 1);
  }
}

/**
 * Separable [1 2 1]/4 smoothing in place: a pixel whose 3×3 neighbourhood is uniform keeps its
 * exact value (integer arithmetic for Int16Array), so uniform regions stay exact one pixel in
 * from their edge while edges get the partial-volume look of a real reconstruction.
 */
export function smooth121(samples: Samples, columns: number, rows: number): void {
  const integer = samples instanceof Int16Array;
  const temp = new Float64Array(samples.length);
  for (let row = 0; row < rows; row++) {
    const base = row * columns;
    for (let column = 0; column < columns; column++) {
      const centre = samples[base + column] ?? 0;
      const left = column > 0 ? (samples[base + column - 1] ?? 0) : centre;
      const right = column < columns - 1 ? (samples[base + column + 1] ?? 0) : centre;
      temp[base + column] = left + 2 * centre + right;
    }
  }
  for (let row = 0; row < rows; row++) {
    const base = row * columns;
    const up = row > 0 ? base - columns : base;
    const down = row < rows - 1 ? base + columns : base;
    for (let column = 0; column < columns; column++) {
      const sum = (temp[up + column] ?? 0) + 2 * (temp[base + column] ?? 0) + (temp[down + column] ?? 0);
      samples[base + column] = integer ? Math.round(sum / 16) : sum / 16;
    }
  }
}
