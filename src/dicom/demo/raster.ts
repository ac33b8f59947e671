import { sectionContains, type Section } from './solids';

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

function pixelRange(low: number, high: number, origin: number, step: number, count: number): [number, number] {
  const a = (low - origin) / step;
  const b = (high - origin) / step;
  const first = Math.max(0, Math.ceil(Math.min(a, b)));
  const last = Math.min(count - 1, Math.floor(Math.max(a, b)));
  return [first, last];
}

function containsAll(sections: readonly Section[], u: number, v: number): boolean {
  for (const section of sections) if (!sectionContains(section, u, v)) return false;
  return true;
}

/**
 * Sets every pixel whose centre lies in `section` and in all of `within` to `value`, and its
 * `flags` entry to `flag`. Pixel-centre sampling keeps the edge of a region exact, which the
 * phantoms' known-value inserts rely on.
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
  const [c0, c1] = pixelRange(
    Math.max(section.cu - section.ru, section.uMin),
    Math.min(section.cu + section.ru, section.uMax),
    grid.u0,
    grid.du,
    grid.columns,
  );
  const [r0, r1] = pixelRange(
    Math.max(section.cv - section.rv, section.vMin),
    Math.min(section.cv + section.rv, section.vMax),
    grid.v0,
    grid.dv,
    grid.rows,
  );
  for (let row = r0; row <= r1; row++) {
    const v = grid.v0 + row * grid.dv;
    const base = row * grid.columns;
    for (let column = c0; column <= c1; column++) {
      const u = grid.u0 + column * grid.du;
      if (!sectionContains(section, u, v)) continue;
      if (!containsAll(within, u, v)) continue;
      samples[base + column] = value;
      flags[base + column] = flag;
    }
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
