/**
 * Projections of tubes (ribs, clavicles, lung vessels) onto a radiograph: for every pixel near a
 * polyline, the chord a ray through the tube's circular cross-section travels.
 */
export interface ProjectionGrid {
  readonly columns: number;
  readonly rows: number;
  /** Patient x (towards the left) of column 0's centre, and z (towards the head) of row 0's. */
  readonly x0: number;
  readonly z0: number;
  readonly spacing: number;
}

export interface Tube {
  /** Centre line in patient (x, z), mm. */
  readonly points: readonly (readonly [number, number])[];
  /** Outer radius at the start and end of the line, mm (vessels taper). */
  readonly radiusStart: number;
  readonly radiusEnd: number;
}

/** Reusable per-pixel scratch space: closest distance to the line and the radius there. */
interface TubeScratch {
  readonly distance: Float32Array;
  readonly radius: Float32Array;
}

export function createTubeScratch(grid: ProjectionGrid): TubeScratch {
  const size = grid.columns * grid.rows;
  return { distance: new Float32Array(size).fill(Infinity), radius: new Float32Array(size) };
}

/**
 * Calls `visit(index, distance, radius)` for each pixel within the tube, once, with its distance
 * to the centre line; the scratch space is left clean for the next tube.
 */
export function forEachTubePixel(
  grid: ProjectionGrid,
  tube: Tube,
  scratch: TubeScratch,
  visit: (index: number, distance: number, radius: number) => void,
): void {
  const { points } = tube;
  const segments = points.length - 1;
  let minColumn = grid.columns;
  let maxColumn = -1;
  let minRow = grid.rows;
  let maxRow = -1;
  for (let s = 0; s < segments; s++) {
    const a = points[s];
    const b = points[s + 1];
    if (!a || !b) continue;
    const r0 = tube.radiusStart + ((tube.radiusEnd - tube.radiusStart) * s) / segments;
    const r1 = tube.radiusStart + ((tube.radiusEnd - tube.radiusStart) * (s + 1)) / segments;
    const reach = Math.max(r0, r1);
    const c0 = Math.max(0, Math.floor((Math.min(a[0], b[0]) - reach - grid.x0) / grid.spacing));
    const c1 = Math.min(grid.columns - 1, Math.ceil((Math.max(a[0], b[0]) + reach - grid.x0) / grid.spacing));
    const rowA = Math.floor((grid.z0 - Math.max(a[1], b[1]) - reach) / grid.spacing);
    const rowB = Math.ceil((grid.z0 - Math.min(a[1], b[1]) + reach) / grid.spacing);
    const row0 = Math.max(0, rowA);
    const row1 = Math.min(grid.rows - 1, rowB);
    const ex = b[0] - a[0];
    const ez = b[1] - a[1];
    const lengthSquared = ex * ex + ez * ez || 1;
    for (let row = row0; row <= row1; row++) {
      const z = grid.z0 - row * grid.spacing;
      for (let column = c0; column <= c1; column++) {
        const x = grid.x0 + column * grid.spacing;
        const t = Math.max(0, Math.min(1, ((x - a[0]) * ex + (z - a[1]) * ez) / lengthSquared));
        const distance = Math.hypot(x - a[0] - t * ex, z - a[1] - t * ez);
        const radius = r0 + (r1 - r0) * t;
        const index = row * grid.columns + column;
        if (
          distance < radius &&
          distance - radius < (scratch.distance[index] ?? Infinity) - (scratch.radius[index] ?? 0)
        ) {
          scratch.distance[index] = distance;
          scratch.radius[index] = radius;
        }
      }
    }
    minColumn = Math.min(minColumn, c0);
    maxColumn = Math.max(maxColumn, c1);
    minRow = Math.min(minRow, row0);
    maxRow = Math.max(maxRow, row1);
  }
  for (let row = minRow; row <= maxRow; row++) {
    for (let column = minColumn; column <= maxColumn; column++) {
      const index = row * grid.columns + column;
      const distance = scratch.distance[index] ?? Infinity;
      if (distance === Infinity) continue;
      visit(index, distance, scratch.radius[index] ?? 0);
      scratch.distance[index] = Infinity;
    }
  }
}

/** Chord through a circle of radius r at distance d from its centre. */
export function chord(radius: number, distance: number): number {
  return distance < radius ? 2 * Math.sqrt(radius * radius - distance * distance) : 0;
}
