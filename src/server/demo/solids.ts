/**
 * Axis-aligned solids cut by planes normal to a patient axis: the only geometry the CT and MR
 * phantoms need. A cut of an axis-aligned ellipsoid, elliptic cylinder or box is an axis-aligned
 * ellipse, band or rectangle in the plane, which keeps painting a slice cheap.
 */
export type Vec3 = readonly [number, number, number];
type Axis = 0 | 1 | 2;

/** The in-plane axes (u along image rows, v along image columns) and the plane's normal w. */
interface PlaneAxes {
  readonly u: Axis;
  readonly v: Axis;
  readonly w: Axis;
}

/** Axial images: u = patient x (towards left), v = patient y (towards posterior), w = z. */
export const AXIAL: PlaneAxes = { u: 0, v: 1, w: 2 };
/** Sagittal images: u = patient y (towards posterior), v = patient z, w = x. */
export const SAGITTAL: PlaneAxes = { u: 1, v: 2, w: 0 };

/**
 * An ellipsoid with optional infinite radii (an infinite radius along one axis is a cylinder,
 * along all three a box), intersected with the box [min, max].
 */
export interface Solid {
  readonly center: Vec3;
  readonly radii: Vec3;
  readonly min?: Vec3;
  readonly max?: Vec3;
}

/** The cut of a solid: ((u-cu)/ru)² + ((v-cv)/rv)² ≤ 1 inside the ranges; radii may be infinite. */
export interface Section {
  readonly cu: number;
  readonly cv: number;
  readonly ru: number;
  readonly rv: number;
  readonly uMin: number;
  readonly uMax: number;
  readonly vMin: number;
  readonly vMax: number;
}

const UNBOUNDED: Vec3 = [-Infinity, -Infinity, -Infinity];
const UNBOUNDED_MAX: Vec3 = [Infinity, Infinity, Infinity];

export function ellipsoid(center: Vec3, radii: Vec3): Solid {
  return { center, radii };
}

/** Elliptic cylinder along z between z0 and z1. */
export function cylinderZ(cx: number, cy: number, rx: number, ry: number, z0 = -Infinity, z1 = Infinity): Solid {
  return {
    center: [cx, cy, 0],
    radii: [rx, ry, Infinity],
    min: [-Infinity, -Infinity, z0],
    max: [Infinity, Infinity, z1],
  };
}

export function box(min: Vec3, max: Vec3): Solid {
  return { center: [0, 0, 0], radii: [Infinity, Infinity, Infinity], min, max };
}

/** The section of `solid` by the plane w = `w`, or undefined when the plane misses it. */
export function sectionOf(solid: Solid, plane: PlaneAxes, w: number): Section | undefined {
  const min = solid.min ?? UNBOUNDED;
  const max = solid.max ?? UNBOUNDED_MAX;
  if (w < min[plane.w] || w > max[plane.w]) return undefined;
  const t = (w - solid.center[plane.w]) / solid.radii[plane.w];
  const scaleSquared = 1 - t * t;
  if (scaleSquared < 0) return undefined;
  const scale = Math.sqrt(scaleSquared);
  return {
    cu: solid.center[plane.u],
    cv: solid.center[plane.v],
    ru: solid.radii[plane.u] * scale,
    rv: solid.radii[plane.v] * scale,
    uMin: min[plane.u],
    uMax: max[plane.u],
    vMin: min[plane.v],
    vMax: max[plane.v],
  };
}

/** The sections of all `solids`, or undefined when the plane misses any of them. */
export function sectionsOf(solids: readonly Solid[], plane: PlaneAxes, w: number): Section[] | undefined {
  const sections: Section[] = [];
  for (const solid of solids) {
    const section = sectionOf(solid, plane, w);
    if (!section) return undefined;
    sections.push(section);
  }
  return sections;
}
