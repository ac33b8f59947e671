/**
 * Orientation markers (PS3.3 C.7.6.2.1.1: the patient coordinate system is LPS: +x to the
 * patient's Left, +y Posterior, +z Head). Pure: vectors in, letters out.
 */
export type Vec3 = readonly [number, number, number];

export interface OrientationMarkers {
  readonly top: string;
  readonly right: string;
  readonly bottom: string;
  readonly left: string;
}

interface ViewTransform {
  /** Clockwise rotation of the image on screen, degrees (multiples of 90). */
  readonly rotation: number;
  readonly flipHorizontal: boolean;
  readonly flipVertical: boolean;
}

/**
 * An axis contributes a letter when it carries at least this share of the direction (cos ≈ 0.1,
 * about 6°): oblique planes get a second letter, rounding noise in the header does not.
 */
const OBLIQUE_THRESHOLD = 0.1;

const LETTERS: readonly (readonly [string, string])[] = [
  ['L', 'R'],
  ['P', 'A'],
  ['H', 'F'],
];

/** Letters for a direction in patient space, strongest axis first ("L", "LA", "HLP"…); "" for a null vector. */
export function directionLabel(direction: Vec3): string {
  const length = Math.hypot(...direction);
  if (!(length > 0)) return '';
  return direction
    .map((component, axis) => ({ axis, value: component / length }))
    .filter(({ value }) => Math.abs(value) >= OBLIQUE_THRESHOLD)
    .sort((a, b) => Math.abs(b.value) - Math.abs(a.value))
    .map(({ axis, value }) => LETTERS[axis]![value > 0 ? 0 : 1])
    .join('');
}

const negate = (v: Vec3): Vec3 => [-v[0], -v[1], -v[2]];

/** Markers for the four screen edges, from the patient directions that point screen-right and screen-down. */
export function markersFromScreenAxes(right: Vec3, down: Vec3): OrientationMarkers {
  return {
    top: directionLabel(negate(down)),
    right: directionLabel(right),
    bottom: directionLabel(down),
    left: directionLabel(negate(right)),
  };
}

/**
 * Patient directions of screen-right and screen-down for an image with Image Orientation
 * (Patient) `iop` (row cosines then column cosines), shown flipped then rotated clockwise.
 */
export function screenAxes(iop: readonly number[], view: ViewTransform): { right: Vec3; down: Vec3 } | undefined {
  if (iop.length < 6 || iop.some((value) => !Number.isFinite(value))) return undefined;
  let right: Vec3 = [iop[0]!, iop[1]!, iop[2]!];
  let down: Vec3 = [iop[3]!, iop[4]!, iop[5]!];
  if (view.flipHorizontal) right = negate(right);
  if (view.flipVertical) down = negate(down);
  const quarterTurns = ((Math.round(view.rotation / 90) % 4) + 4) % 4;
  // A quarter turn clockwise moves the picture's top edge to the right and its right edge to the bottom.
  for (let turn = 0; turn < quarterTurns; turn++) [right, down] = [negate(down), right];
  return { right, down };
}

/** Markers for an image shown with a view transform; undefined without a usable orientation. */
export function orientationMarkers(iop: readonly number[], view: ViewTransform): OrientationMarkers | undefined {
  const axes = screenAxes(iop, view);
  return axes && markersFromScreenAxes(axes.right, axes.down);
}
