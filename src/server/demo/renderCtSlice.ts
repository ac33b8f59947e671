import { ctPhantomAnatomy } from './ctPhantomAnatomy';
import type { CtPhantomGeometry } from './ctPhantomGeometry';
import { fillNormalNoise, seedOf } from './random';
import { paintSection, smooth121, type PlaneGrid } from './raster';
import { AXIAL, sectionOf, sectionsOf } from './solids';

const NOISE_TILE = 1024;

/**
 * One smoothed noise field shared by all slices: each slice reads it at its own offset, which
 * costs an index per pixel instead of four random numbers and a smoothing pass.
 */
let noiseTile: Float32Array | undefined;
function sharedNoise(): Float32Array {
  if (!noiseTile) {
    noiseTile = fillNormalNoise(new Float32Array(NOISE_TILE * NOISE_TILE), seedOf('ct-noise'));
    smooth121(noiseTile, NOISE_TILE, NOISE_TILE);
  }
  return noiseTile;
}

/** Standard deviation of the image noise in soft tissue, HU; typical of a routine body CT. */
const NOISE_HU = 10;
/** Smoothing [1 2 1]² scales the standard deviation of white noise by 6/16. */
const SMOOTHED_NOISE_GAIN = 6 / 16;

/** The slice `index` of the phantom in Hounsfield units, row by row. */
export function renderCtSlice(geometry: CtPhantomGeometry, index: number): Int16Array {
  const position = geometry.imagePositions[index];
  if (!position) throw new RangeError(`CT slice ${index} is outside 0..${geometry.slices - 1}`);
  const [x0, y0, z] = position;
  const [rowSpacing, columnSpacing] = geometry.pixelSpacing;
  const grid: PlaneGrid = {
    columns: geometry.columns,
    rows: geometry.rows,
    u0: x0,
    v0: y0,
    du: columnSpacing,
    dv: rowSpacing,
  };
  const size = geometry.rows * geometry.columns;
  const hu = new Int16Array(size).fill(geometry.airHu);
  const exact = new Uint8Array(size).fill(1);

  for (const region of ctPhantomAnatomy) {
    const solid = typeof region.solid === 'function' ? region.solid(z) : region.solid;
    const section = solid && sectionOf(solid, AXIAL, z);
    const within = sectionsOf(region.within ?? [], AXIAL, z);
    if (!section || !within) continue;
    paintSection(hu, exact, grid, section, within, region.hu, region.exact ? 1 : 0);
  }
  smooth121(hu, geometry.columns, geometry.rows);

  // Correlated noise, like the texture of filtered back-projection.
  const noise = sharedNoise();
  const offset = seedOf('ct-noise-offset', geometry.rows, geometry.columns, geometry.slices, index);
  const offsetColumn = offset & (NOISE_TILE - 1);
  const offsetRow = (offset >>> 10) & (NOISE_TILE - 1);
  const scale = NOISE_HU / SMOOTHED_NOISE_GAIN;
  for (let row = 0; row < geometry.rows; row++) {
    const tileRow = ((row + offsetRow) & (NOISE_TILE - 1)) * NOISE_TILE;
    const base = row * geometry.columns;
    for (let column = 0; column < geometry.columns; column++) {
      const i = base + column;
      if (exact[i] !== 0) continue;
      hu[i] = (hu[i] ?? 0) + Math.round((noise[tileRow + ((column + offsetColumn) & (NOISE_TILE - 1))] ?? 0) * scale);
    }
  }
  return hu;
}
