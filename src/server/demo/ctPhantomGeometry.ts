import { round6 } from './dicomValues';
import type { Vec3 } from './solids';

export interface CtPhantomOptions {
  /** Number of axial slices; default 120. */
  readonly slices?: number;
  /** Image matrix; default 512×512. */
  readonly rows?: number;
  readonly columns?: number;
}

/** A rod of the calibration pad under the patient: exactly `hu` at every pixel within `uniformRadiusMm`. */
export interface CtInsert {
  readonly name: 'water' | 'fat' | 'bone';
  readonly hu: number;
  /** Centre in patient coordinates (LPS, mm); the rods run through every slice, so z is free. */
  readonly centerMm: { readonly x: number; readonly y: number };
  /** Centre in pixel coordinates (0-based; column along rows, row down the image), the same on every slice. */
  readonly centerPixel: { readonly column: number; readonly row: number };
  readonly radiusMm: number;
  readonly radiusPixels: number;
  /**
   * Every pixel whose centre is this close to the centre holds exactly `hu` (edges are smoothed
   * over one pixel and noise stops at the rod's edge): the radius to use for ROI expectations.
   */
  readonly uniformRadiusMm: number;
}

export interface CtPhantomGeometry {
  readonly slices: number;
  readonly rows: number;
  readonly columns: number;
  /** DICOM PixelSpacing order: [row spacing (between rows, along y), column spacing (along x)], mm. */
  readonly pixelSpacing: readonly [number, number];
  readonly sliceThickness: number;
  readonly spacingBetweenSlices: number;
  readonly imageOrientationPatient: readonly [number, number, number, number, number, number];
  /** ImagePositionPatient of each slice, index 0 = InstanceNumber 1 (most superior; z falls with the index). */
  readonly imagePositions: readonly Vec3[];
  readonly rescaleSlope: 1;
  readonly rescaleIntercept: -1024;
  /** HU of the air around the patient and table, exact (noise-free); e.g. pixel (2, 2) of every slice. */
  readonly airHu: -1000;
  readonly inserts: readonly CtInsert[];
}

/** Field of view across the columns, kept fixed so the anatomy is the same at any matrix size. */
const CT_FIELD_OF_VIEW_MM = 358.4;
/** Craniocaudal coverage, kept fixed: more slices mean thinner slices. */
const CT_COVERAGE_MM = 300;

/** Calibration rods at multiples of 0.7 mm so their centres fall on whole pixels at 512×512. */
const RODS = [
  { name: 'water', hu: 0, x: -61.6 },
  { name: 'fat', hu: -100, x: 0 },
  { name: 'bone', hu: 1000, x: 61.6 },
] as const;
export const CT_ROD_Y_MM = 134.4;
export const CT_ROD_RADIUS_MM = 9;

export function describeCtPhantom(options: CtPhantomOptions = {}): CtPhantomGeometry {
  const slices = options.slices ?? 120;
  const rows = options.rows ?? 512;
  const columns = options.columns ?? 512;
  for (const [name, value] of [
    ['slices', slices],
    ['rows', rows],
    ['columns', columns],
  ] as const) {
    if (!Number.isInteger(value) || value < 1 || value > 4096) {
      throw new RangeError(`CT phantom ${name} must be an integer from 1 to 4096, got ${value}`);
    }
  }
  const spacing = round6(CT_FIELD_OF_VIEW_MM / columns);
  const sliceSpacing = round6(CT_COVERAGE_MM / slices);
  // The image centre (column columns/2, row rows/2) is the patient origin in x and y.
  const x0 = round6((-spacing * columns) / 2);
  const y0 = round6((-spacing * rows) / 2);
  const imagePositions = Array.from({ length: slices }, (_, index): Vec3 => [
    x0,
    y0,
    round6(((slices - 1) / 2 - index) * sliceSpacing),
  ]);
  const inserts = RODS.map((rod): CtInsert => ({
    name: rod.name,
    hu: rod.hu,
    centerMm: { x: rod.x, y: CT_ROD_Y_MM },
    centerPixel: { column: round6((rod.x - x0) / spacing), row: round6((CT_ROD_Y_MM - y0) / spacing) },
    radiusMm: CT_ROD_RADIUS_MM,
    radiusPixels: round6(CT_ROD_RADIUS_MM / spacing),
    uniformRadiusMm: round6(CT_ROD_RADIUS_MM - 2 * spacing),
  }));
  return {
    slices,
    rows,
    columns,
    pixelSpacing: [spacing, spacing],
    sliceThickness: sliceSpacing,
    spacingBetweenSlices: sliceSpacing,
    imageOrientationPatient: [1, 0, 0, 0, 1, 0],
    imagePositions,
    rescaleSlope: 1,
    rescaleIntercept: -1024,
    airHu: -1000,
    inserts,
  };
}

/** The default 120-slice 512×512 phantom's geometry. */
export const ctPhantomGeometry: CtPhantomGeometry = describeCtPhantom();
