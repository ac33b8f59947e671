import { ctPhantomAnatomy } from './ctPhantomAnatomy';
import type { CtPhantomGeometry } from './ctPhantomGeometry';
import { fillNormalNoise, seedOf } from './random';
import { paintSection, smooth121, type PlaneGrid } from './raster';
import { AXIAL, sectionOf, sectionsOf } from './solids';

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
  const grid: PlaneGrid = { columns: geometry.columns, rows: geometry.rows, u0: x0, v0: y0, du: columnSpacing, dv: rowSpacing };
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
  const noise = fillNormalNoise(new Float32Array(size), seedOf('ct-noise', geometry.rows, geometry.columns, geometry.slices, index));
  smooth121(noise, geometry.columns, geometry.rows);
  const scale = NOISE_HU / SMOOTHED_NOISE_GAIN;
  for (let i = 0; i < size; i++) {
    if (exact[i] === 0) hu[i] = (hu[i] ?? 0) + Math.round((noise[i] ?? 0) * scale);
  }
  return hu;
}
