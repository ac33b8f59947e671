import { createRandom, seedOf } from './random';

/**
 * A phased-array echo loop: a sector with speckle, a left ventricle that contracts once per loop,
 * a colour Doppler box over the chamber, depth marks and an ECG strip with a moving cursor.
 * Everything is in pixels; `mmPerPixel` is the calibration the file declares.
 */
export interface UsCineGeometry {
  readonly frames: number;
  readonly rows: number;
  readonly columns: number;
  readonly mmPerPixel: number;
  /** The transducer face (sector apex), pixel coordinates. */
  readonly apex: { readonly column: number; readonly row: number };
  readonly sectorRadiusPixels: number;
  readonly sectorHalfAngle: number;
}

const TAU = 2 * Math.PI;
const SPECKLE_SIZE = 256;

/** Rayleigh-distributed speckle amplitudes on a lattice, shared by every frame. */
const speckle = (() => {
  const random = createRandom(seedOf('us-speckle'));
  const lattice = new Float32Array(SPECKLE_SIZE * SPECKLE_SIZE);
  for (let i = 0; i < lattice.length; i++) lattice[i] = Math.sqrt(-2 * Math.log(1 - random())) / 1.25;
  return lattice;
})();

/** Bilinear speckle at tissue coordinates; lateral cells twice the axial size, as in a real beam. */
function speckleAt(lateral: number, axial: number): number {
  const u = lateral / 2.2;
  const v = axial / 1.1;
  const u0 = Math.floor(u);
  const v0 = Math.floor(v);
  const fu = u - u0;
  const fv = v - v0;
  const at = (a: number, b: number) => speckle[(b & (SPECKLE_SIZE - 1)) * SPECKLE_SIZE + (a & (SPECKLE_SIZE - 1))] ?? 0;
  return (
    (at(u0, v0) * (1 - fu) + at(u0 + 1, v0) * fu) * (1 - fv) +
    (at(u0, v0 + 1) * (1 - fu) + at(u0 + 1, v0 + 1) * fu) * fv
  );
}

/** Ventricular volume over the loop: systole in the first 40 %, then slower filling. */
function contraction(phase: number): number {
  return phase < 0.4 ? Math.sin((Math.PI * phase) / 0.4) ** 2 : 0;
}

/** Flow towards the transducer in diastole (red), away in systole (blue); −1..1. */
function flow(phase: number): number {
  if (phase < 0.35) return -Math.sin((Math.PI * phase) / 0.35);
  if (phase > 0.5 && phase < 0.95) return 0.8 * Math.sin((Math.PI * (phase - 0.5)) / 0.45);
  return 0;
}

/** A synthetic ECG beat, R wave at phase 0 (and 1); amplitude in units of the R wave. */
function ecg(phase: number): number {
  const wave = (centre: number, width: number, height: number) => height * Math.exp(-(((phase - centre) / width) ** 2));
  return (
    wave(0, 0.012, 1) +
    wave(1, 0.012, 1) +
    wave(0.03, 0.015, -0.25) +
    wave(0.975, 0.01, -0.15) +
    wave(0.3, 0.05, 0.3) +
    wave(0.85, 0.03, 0.12)
  );
}

export function renderUsFrame(geometry: UsCineGeometry, frame: number): Uint8Array {
  const { rows, columns, apex, sectorRadiusPixels: radius, sectorHalfAngle } = geometry;
  const phase = frame / geometry.frames;
  const rgb = new Uint8Array(rows * columns * 3);
  const set = (column: number, row: number, r: number, g: number, b: number) => {
    if (column < 0 || column >= columns || row < 0 || row >= rows) return;
    const i = (Math.round(row) * columns + Math.round(column)) * 3;
    rgb[i] = r;
    rgb[i + 1] = g;
    rgb[i + 2] = b;
  };

  // The left ventricle: an ellipse whose walls move towards its centre in systole.
  const squeeze = 1 - 0.25 * contraction(phase);
  const chamber = { column: apex.column + 6, row: apex.row + radius * 0.5, rx: radius * 0.19, ry: radius * 0.27 };
  const wallPixels = radius * 0.08 * (1 + 0.35 * contraction(phase));
  const rightVentricle = {
    column: apex.column - 8,
    row: apex.row + radius * 0.15,
    rx: radius * 0.24,
    ry: radius * 0.055,
  };
  const leftAtrium = { column: apex.column + 38, row: apex.row + radius * 0.9, rx: radius * 0.13, ry: radius * 0.09 };
  const inside = (e: { column: number; row: number; rx: number; ry: number }, column: number, row: number) =>
    ((column - e.column) / e.rx) ** 2 + ((row - e.row) / e.ry) ** 2 < 1;
  const colourBox = { minAngle: -0.24, maxAngle: 0.2, minDepth: radius * 0.22, maxDepth: radius * 0.8 };
  const blood = flow(phase);
  const random = createRandom(seedOf('us-doppler', frame));

  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      const dx = column - apex.column;
      const dy = row - apex.row;
      const depth = Math.hypot(dx, dy);
      const angle = Math.atan2(dx, dy);
      if (depth > radius || dy < 0 || Math.abs(angle) > sectorHalfAngle) continue;
      // Normalised distance from the ventricle's centre: < 1 blood, then myocardium, then pericardium.
      const ex = (column - chamber.column) / (chamber.rx * squeeze);
      const ey = (row - chamber.row) / (chamber.ry * squeeze);
      const r = Math.hypot(ex, ey);
      const wallEnd = 1 + wallPixels / (chamber.rx * squeeze);
      // Tissue moves with the wall, so its speckle moves too.
      const tissueScale = r < wallEnd + 1.5 ? squeeze : 1 - (1 - squeeze) * Math.exp(-(r - wallEnd - 1.5));
      const tx = chamber.column + (column - chamber.column) * tissueScale - apex.column;
      const ty = chamber.row + (row - chamber.row) * tissueScale - apex.row;
      const tissueDepth = Math.hypot(tx, ty);
      const tissueLateral = tissueDepth * Math.atan2(tx, ty);
      let echo: number;
      if (r < 1 || inside(rightVentricle, column, row) || inside(leftAtrium, column, row)) echo = 0.015;
      else if (r < wallEnd) echo = 0.5;
      else if (r < wallEnd + 0.07) echo = 1.4;
      else echo = 0.22 + 0.08 * Math.sin(tx / 9 + ty / 23);
      const attenuation = Math.exp(-depth / (radius * 1.8));
      const amplitude = echo * speckleAt(tissueLateral, tissueDepth) * attenuation;
      // Log compression over a 50 dB display range.
      const db = 20 * Math.log10(Math.max(amplitude, 1e-4));
      const grey = Math.max(0, Math.min(255, Math.round(((db + 40) / 50) * 255)));
      set(column, row, grey, grey, grey);

      const inBox =
        angle >= colourBox.minAngle &&
        angle <= colourBox.maxAngle &&
        depth >= colourBox.minDepth &&
        depth <= colourBox.maxDepth;
      if (inBox && r < 0.95 && blood !== 0) {
        const texture = speckleAt(column * 0.7 + frame * 5, row * 0.7);
        const v = blood * (1 - r * r) * (0.55 + 0.45 * texture) + (random() - 0.5) * 0.15 * Math.abs(blood);
        if (Math.abs(v) > 0.12) {
          // Velocities past the Nyquist limit alias into the opposite colour's bright end.
          const aliased = Math.abs(v) > 0.85;
          if (v > 0) set(column, row, Math.round(110 + 145 * v), aliased ? 200 : Math.round(60 * v), aliased ? 60 : 0);
          else set(column, row, aliased ? 40 : 0, aliased ? 200 : Math.round(-60 * v), Math.round(110 - 145 * v));
        }
      }
    }
  }

  // Colour box outline.
  for (let t = 0; t <= 1; t += 0.002) {
    for (const angle of [colourBox.minAngle, colourBox.maxAngle]) {
      const depth = colourBox.minDepth + t * (colourBox.maxDepth - colourBox.minDepth);
      set(apex.column + depth * Math.sin(angle), apex.row + depth * Math.cos(angle), 170, 170, 170);
    }
    for (const depth of [colourBox.minDepth, colourBox.maxDepth]) {
      const angle = colourBox.minAngle + t * (colourBox.maxAngle - colourBox.minAngle);
      set(apex.column + depth * Math.sin(angle), apex.row + depth * Math.cos(angle), 170, 170, 170);
    }
  }

  // Depth marks every centimetre along the sector's right edge.
  const pixelsPerCm = 10 / geometry.mmPerPixel;
  for (let cm = 1; cm * pixelsPerCm <= radius; cm++) {
    const depth = cm * pixelsPerCm;
    const size = cm % 5 === 0 ? 2 : 1;
    const column = apex.column + depth * Math.sin(sectorHalfAngle) + 6;
    const row = apex.row + depth * Math.cos(sectorHalfAngle);
    for (let d = -size; d <= size; d++) {
      set(column + d, row, 230, 230, 230);
      set(column, row + d, 230, 230, 230);
    }
  }

  // ECG strip with the cursor at this frame's phase.
  const left = Math.round(columns * 0.08);
  const right = Math.round(columns * 0.92);
  const baseline = rows - Math.max(8, Math.round(rows * 0.06));
  const height = Math.max(6, Math.round(rows * 0.09));
  let previous: number | undefined;
  for (let column = left; column <= right; column++) {
    const p = (column - left) / (right - left);
    const row = baseline - ecg(p) * height;
    const from = previous ?? row;
    for (let y = Math.min(from, row); y <= Math.max(from, row); y += 0.5) set(column, y, 40, 220, 90);
    previous = row;
  }
  const cursor = left + phase * (right - left);
  for (let y = baseline - height - 2; y <= baseline + 3; y++) set(cursor, y, 250, 220, 40);
  for (let d = 0; d < TAU; d += 0.3)
    set(cursor + 2 * Math.cos(d), baseline - ecg(phase) * height + 2 * Math.sin(d), 250, 220, 40);
  return rgb;
}
