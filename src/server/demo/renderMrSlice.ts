import { round6 } from './dicomValues';
import { cerebellum, cerebrum, MR_SIGNAL, mrHeadAnatomy, type MrTissue } from './mrHeadAnatomy';
import { foldedTissue } from './foldedTissue';
import { fillNormalNoise, seedOf } from './random';
import { paintSection, smooth121, type PlaneGrid } from './raster';
import { SAGITTAL, sectionOf, sectionsOf, type Vec3 } from './solids';

export interface MrHeadOptions {
  /** Number of sagittal slices; default 24. */
  readonly slices?: number;
  /** Image matrix; default 256×256 over a 240 mm field of view. */
  readonly rows?: number;
  readonly columns?: number;
}

interface MrHeadGeometry {
  readonly slices: number;
  readonly rows: number;
  readonly columns: number;
  /** [row spacing, column spacing], mm. */
  readonly pixelSpacing: readonly [number, number];
  readonly sliceThickness: number;
  readonly spacingBetweenSlices: number;
  /** Sagittal: rows run towards posterior (+y), columns towards the feet (-z). */
  readonly imageOrientationPatient: readonly [number, number, number, number, number, number];
  /** Index 0 = InstanceNumber 1, the patient's right-most slice; x rises with the index. */
  readonly imagePositions: readonly Vec3[];
}

const FIELD_OF_VIEW_MM = 240;
const SLICE_THICKNESS_MM = 4;
const SLICE_GAP_MM = 1;
/** z of the top row: the vertex sits 4 mm below it. */
const TOP_Z_MM = 110;
const NOISE_SIGMA = 9;

const TISSUE_LABEL: Readonly<Record<MrTissue, number>> = { other: 0, cerebrum: 1, cerebellum: 2 };

export function describeMrHead(options: MrHeadOptions = {}): MrHeadGeometry {
  const slices = options.slices ?? 24;
  const rows = options.rows ?? 256;
  const columns = options.columns ?? 256;
  for (const [name, value] of [
    ['slices', slices],
    ['rows', rows],
    ['columns', columns],
  ] as const) {
    if (!Number.isInteger(value) || value < 1 || value > 2048) {
      throw new RangeError(`MR head ${name} must be an integer from 1 to 2048, got ${value}`);
    }
  }
  const spacing = round6(FIELD_OF_VIEW_MM / columns);
  const sliceSpacing = SLICE_THICKNESS_MM + SLICE_GAP_MM;
  return {
    slices,
    rows,
    columns,
    pixelSpacing: [spacing, spacing],
    sliceThickness: SLICE_THICKNESS_MM,
    spacingBetweenSlices: sliceSpacing,
    imageOrientationPatient: [0, 1, 0, 0, 0, -1],
    imagePositions: Array.from({ length: slices }, (_, index): Vec3 => [
      round6((index - (slices - 1) / 2) * sliceSpacing),
      round6((-spacing * columns) / 2),
      TOP_Z_MM,
    ]),
  };
}

const cerebralCortex = foldedTissue(
  {
    name: 'cerebrum',
    solid: cerebrum,
    medialGapMm: 1,
    wavelengthMm: 26,
    sulcusHalfWidthMm: 0.8,
    cortexMm: 2.8,
    sulcusDepthMm: 20,
  },
  { csf: MR_SIGNAL.csf, grey: MR_SIGNAL.grey, white: MR_SIGNAL.white },
);
const cerebellarCortex = foldedTissue(
  { name: 'cerebellum', solid: cerebellum, wavelengthMm: 9, sulcusHalfWidthMm: 0.5, cortexMm: 1.2, sulcusDepthMm: 9 },
  { csf: MR_SIGNAL.csf, grey: MR_SIGNAL.grey + 10, white: 580 },
);

function foldCortex(signal: Float32Array, labels: Uint8Array, grid: PlaneGrid, x: number): void {
  for (let row = 0; row < grid.rows; row++) {
    const z = grid.v0 + row * grid.dv;
    for (let column = 0; column < grid.columns; column++) {
      const i = row * grid.columns + column;
      const label = labels[i];
      if (label === TISSUE_LABEL.other) continue;
      const cortex = label === TISSUE_LABEL.cerebrum ? cerebralCortex : cerebellarCortex;
      signal[i] = cortex(x, grid.u0 + column * grid.du, z);
    }
  }
}

/** The sagittal slice `index` as unsigned 12-bit magnitude values. */
export function renderMrSlice(geometry: MrHeadGeometry, index: number): Uint16Array {
  const position = geometry.imagePositions[index];
  if (!position) throw new RangeError(`MR slice ${index} is outside 0..${geometry.slices - 1}`);
  const [x, y0, z0] = position;
  const [rowSpacing, columnSpacing] = geometry.pixelSpacing;
  const grid: PlaneGrid = {
    columns: geometry.columns,
    rows: geometry.rows,
    u0: y0,
    v0: z0,
    du: columnSpacing,
    dv: -rowSpacing,
  };
  const size = geometry.rows * geometry.columns;
  const signal = new Float32Array(size);
  const labels = new Uint8Array(size);

  for (const region of mrHeadAnatomy) {
    const section = sectionOf(region.solid, SAGITTAL, x);
    const within = sectionsOf(region.within ?? [], SAGITTAL, x);
    if (!section || !within) continue;
    paintSection(signal, labels, grid, section, within, region.signal, TISSUE_LABEL[region.tissue ?? 'other']);
  }
  foldCortex(signal, labels, grid, x);
  smooth121(signal, geometry.columns, geometry.rows);

  // Receive-coil shading, then complex Gaussian noise: magnitude images have a Rician floor.
  const real = fillNormalNoise(new Float32Array(size), seedOf('mr-noise-re', geometry.rows, geometry.columns, index));
  const imaginary = fillNormalNoise(
    new Float32Array(size),
    seedOf('mr-noise-im', geometry.rows, geometry.columns, index),
  );
  const out = new Uint16Array(size);
  for (let row = 0; row < grid.rows; row++) {
    const z = grid.v0 + row * grid.dv;
    for (let column = 0; column < grid.columns; column++) {
      const y = grid.u0 + column * grid.du;
      const i = row * grid.columns + column;
      const shading = 1.08 - 0.12 * ((z - 20) / 120) ** 2 - 0.06 * (y / 120);
      const value = (signal[i] ?? 0) * shading;
      const magnitude = Math.hypot(value + (real[i] ?? 0) * NOISE_SIGMA, (imaginary[i] ?? 0) * NOISE_SIGMA);
      out[i] = Math.min(4095, Math.round(magnitude));
    }
  }
  return out;
}
