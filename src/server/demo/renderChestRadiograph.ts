import { boxBlur } from './boxBlur';
import { createRandom, fillNormalNoise, seedOf } from './random';
import { chord, createTubeScratch, forEachTubePixel, type ProjectionGrid, type Tube } from './tubes';

/**
 * A PA chest radiograph: attenuation line integrals through a simple chest (body, lungs with
 * vessels, heart and mediastinum, spine, ribs, clavicles, scapulae, arms), then the log response
 * and edge-preserving dynamic-range compression of a CR reader. Stored values rise with exposure,
 * so MONOCHROME1 shows air black and bone white.
 */
export interface ChestRadiographGeometry {
  readonly rows: number;
  readonly columns: number;
  /** Square pixels, mm, at the detector. */
  readonly spacing: number;
}

/** Linear attenuation, per mm, at a chest exposure's effective energy. */
const MU = { tissue: 0.02, cortex: 0.06, marrow: 0.03, lead: 1 } as const;
const MAX_STORED = 4095;

type Point = readonly [number, number];

function ellipsoidChord(x: number, z: number, cx: number, cz: number, rx: number, depth: number, rz: number): number {
  const s = 1 - ((x - cx) / rx) ** 2 - ((z - cz) / rz) ** 2;
  return s > 0 ? 2 * depth * Math.sqrt(s) : 0;
}

function curve(count: number, at: (t: number) => Point): Point[] {
  return Array.from({ length: count + 1 }, (_, i) => at(i / count));
}

/** Posterior and anterior ribs of one side (side = -1 right, +1 left). */
function ribsOf(side: number): { tube: Tube; weight: number }[] {
  const ribs: { tube: Tube; weight: number }[] = [];
  for (let k = 0; k < 10; k++) {
    const top = 158 - 24 * k;
    const width = 112 + 3 * Math.min(k, 5);
    // Posterior ribs arch up from the spine and turn down along the lateral wall; anterior ribs
    // run from there down and in towards the sternum.
    const posterior = curve(24, (t) => [
      side * (24 + width * Math.sin((Math.PI / 2) * t)),
      top + 22 * Math.sin(Math.PI * 0.8 * t) - 48 * t ** 3,
    ]);
    const end = posterior[posterior.length - 1] ?? [0, 0];
    const anterior = curve(16, (t) => [end[0] - side * 105 * Math.sin((Math.PI / 2) * t), end[1] - 58 * t]);
    ribs.push({ tube: { points: posterior, radiusStart: 4.5, radiusEnd: 5.5 }, weight: 0.8 });
    if (k < 8) ribs.push({ tube: { points: anterior, radiusStart: 5.5, radiusEnd: 4.5 }, weight: 0.4 });
  }
  return ribs;
}

/** Pulmonary vessels fanning out of a hilum, two generations of branches. */
function vesselsOf(side: number): Tube[] {
  const random = createRandom(seedOf('cxr-vessels', side));
  const tubes: Tube[] = [];
  const grow = (from: Point, angle: number, length: number, radius: number, depth: number) => {
    const to: Point = [from[0] + Math.sin(angle) * length, from[1] + Math.cos(angle) * length];
    const bend = (random() - 0.5) * 0.3;
    tubes.push({
      points: curve(8, (t) => [
        from[0] + (to[0] - from[0]) * t + bend * length * t * (1 - t),
        from[1] + (to[1] - from[1]) * t,
      ]),
      radiusStart: radius,
      radiusEnd: radius * 0.6,
    });
    if (depth === 0) return;
    for (const turn of [-0.35, 0.3])
      grow(to, angle + turn + (random() - 0.5) * 0.3, length * 0.7, radius * 0.6, depth - 1);
  };
  for (let i = 0; i < 9; i++) {
    const angle = side * (0.35 + (i / 8) * 2.2) + (random() - 0.5) * 0.2;
    grow([side * 50, 20], angle, 40 + random() * 20, 4.5, 2);
  }
  return tubes;
}

/** 5×7 bitmap of the lead side marker "R". */
const MARKER_R = ['11110', '10001', '10001', '11110', '10100', '10010', '10001'];

export function renderChestRadiograph(geometry: ChestRadiographGeometry): Uint16Array {
  const { rows, columns, spacing } = geometry;
  const grid: ProjectionGrid = {
    columns,
    rows,
    x0: (0.5 - columns / 2) * spacing,
    z0: (rows / 2 - 0.5) * spacing,
    spacing,
  };
  const size = rows * columns;
  const attenuation = new Float32Array(size);
  const lungAir = new Float32Array(size);
  const lungDome = (x: number) => (x < 0 ? -75 - 0.012 * (x + 70) ** 2 : -90 - 0.012 * (x - 75) ** 2);

  for (let row = 0; row < rows; row++) {
    const z = grid.z0 - row * spacing;
    for (let column = 0; column < columns; column++) {
      const x = grid.x0 + column * spacing;
      const i = row * columns + column;
      // Torso with rounded shoulders, the neck, and the arms at the sides.
      const halfWidth = z < 110 ? 150 : 150 * Math.sqrt(Math.max(0, 1 - ((z - 110) / 70) ** 2));
      let tissue = Math.abs(x) < halfWidth ? 2 * 105 * Math.sqrt(1 - (x / 150) ** 2) : 0;
      if (z > 120) tissue = Math.max(tissue, Math.abs(x) < 55 ? 2 * 55 * Math.sqrt(1 - (x / 55) ** 2) : 0);
      for (const side of [-1, 1]) tissue += ellipsoidChord(x, z, side * 150, 150, 45, 40, 35);
      // Lungs down to the diaphragm, less where heart, mediastinum and hila lie in front or behind.
      let air = 0;
      if (z > lungDome(x)) {
        air = ellipsoidChord(x, z, -78, 25, 62, 80, 150) + ellipsoidChord(x, z, 80, 20, 60, 80, 150);
        const soft =
          ellipsoidChord(x, z, 15, -45, 72, 58, 62) +
          ellipsoidChord(x, z, 0, 60, 34, 40, 80) +
          ellipsoidChord(x, z, 38, 65, 20, 20, 20) +
          0.5 * ellipsoidChord(x, z, -50, 20, 14, 14, 30) +
          0.5 * ellipsoidChord(x, z, 50, 22, 14, 14, 30);
        air = Math.max(0, air - 0.9 * soft);
      }
      // Trachea and the gastric air bubble under the left hemidiaphragm.
      air += z > 45 ? chord(9, Math.abs(x)) : 0;
      if (z < lungDome(x) - 6) air += ellipsoidChord(x, z, 68, -125, 28, 25, 18);
      lungAir[i] = air;
      let bone = 0;
      // Vertebral bodies, with discs every 28 mm.
      const spine = MU.cortex * (chord(22, Math.abs(x)) - chord(19, Math.abs(x))) + MU.marrow * chord(19, Math.abs(x));
      bone += (((z % 28) + 28) % 28 > 6 ? 0.35 : 0.22) * spine;
      // Scapular blades, thin bone with a visible medial border.
      for (const side of [-1, 1]) {
        if (((x - side * 132) / 34) ** 2 + ((z - 95) / 70) ** 2 < 1) bone += MU.cortex * 2.5;
      }
      attenuation[i] = MU.tissue * Math.max(0, tissue - air) + bone;
    }
  }

  const scratch = createTubeScratch(grid);
  for (const side of [-1, 1]) {
    for (const vessel of vesselsOf(side)) {
      forEachTubePixel(grid, vessel, scratch, (index, distance, radius) => {
        if ((lungAir[index] ?? 0) > 20)
          attenuation[index] = (attenuation[index] ?? 0) + MU.tissue * chord(radius, distance);
      });
    }
    for (const { tube, weight } of ribsOf(side)) {
      forEachTubePixel(grid, tube, scratch, (index, distance, radius) => {
        const marrow = chord(radius - 1.6, distance);
        const cortex = chord(radius, distance) - marrow;
        attenuation[index] = (attenuation[index] ?? 0) + weight * (MU.cortex * cortex + MU.marrow * marrow);
      });
    }
    const clavicle = curve(20, (t) => [side * (25 + 128 * t), 150 + 10 * Math.sin(Math.PI * t) + 18 * t * t]);
    forEachTubePixel(grid, { points: clavicle, radiusStart: 7, radiusEnd: 6 }, scratch, (index, distance, radius) => {
      const marrow = chord(radius - 2, distance);
      attenuation[index] =
        (attenuation[index] ?? 0) + MU.cortex * (chord(radius, distance) - marrow) + MU.marrow * marrow;
    });
  }

  // The technologist's lead marker, top left (the patient's right).
  const cell = Math.max(1, Math.round(4 / spacing));
  const markerColumn = Math.round(columns * 0.06);
  const markerRow = Math.round(rows * 0.05);
  MARKER_R.forEach((line, y) => {
    for (let x = 0; x < line.length; x++) {
      if (line[x] !== '1') continue;
      for (let dy = 0; dy < cell; dy++) {
        for (let dx = 0; dx < cell; dx++) {
          const index = (markerRow + y * cell + dy) * columns + markerColumn + x * cell + dx;
          if (index < size) attenuation[index] = (attenuation[index] ?? 0) + MU.lead * 3;
        }
      }
    }
  });

  // CR processing: compress large-scale differences so lungs and mediastinum both show.
  const background = boxBlur(attenuation, columns, rows, Math.max(1, Math.round(30 / spacing)));
  let mean = 0;
  for (let i = 0; i < size; i++) mean += background[i] ?? 0;
  mean /= size;
  const noise = fillNormalNoise(new Float32Array(size), seedOf('cxr-noise', rows, columns));
  const stored = new Uint16Array(size);
  for (let i = 0; i < size; i++) {
    const a = attenuation[i] ?? 0;
    // Direct exposure (air) is left alone so it stays the darkest part of the image.
    const compressed = a - 0.5 * Math.min(1, a) * ((background[i] ?? 0) - mean);
    const value = 3700 - 560 * compressed + 6 * (noise[i] ?? 0);
    stored[i] = Math.max(0, Math.min(MAX_STORED, Math.round(value)));
  }
  return stored;
}
