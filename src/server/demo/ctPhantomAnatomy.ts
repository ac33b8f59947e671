import { CT_ROD_RADIUS_MM, CT_ROD_Y_MM, ctPhantomGeometry } from './ctPhantomGeometry';
import { createRandom, seedOf } from './random';
import { box, cylinderZ, ellipsoid, type Solid } from './solids';

/**
 * The CT phantom: an adult torso from the upper thorax (z = +150 mm) to the kidneys (z = -150 mm),
 * lying supine on a table with a QCT-style calibration pad under the back. Patient coordinates
 * are LPS: +x patient left, +y posterior, +z head. Regions are painted in order, later ones over
 * earlier ones, each clipped to the solids in `within`.
 */
interface CtRegion {
  readonly name: string;
  readonly hu: number;
  /** Exact regions get no noise: the calibration rods (air is exact too). */
  readonly exact?: boolean;
  /** A fixed solid, or one that depends on z (ribs, discs, vessels); undefined where absent. */
  readonly solid: Solid | ((z: number) => Solid | undefined);
  readonly within?: readonly Solid[];
}

const body = cylinderZ(0, 5, 160, 115);
const cavity = cylinderZ(0, 5, 138, 92);
const rightLung = ellipsoid([-72, 5, 60], [58, 78, 140]);
const leftLung = ellipsoid([72, 5, 55], [58, 78, 135]);
const stomach = ellipsoid([55, -35, -55], [45, 40, 45]);
const rightKidney = ellipsoid([-72, 62, -140], [28, 34, 55]);
const leftKidney = ellipsoid([72, 62, -125], [28, 34, 55]);

const VERTEBRA_PITCH_MM = 32;
const DISC_HEIGHT_MM = 6;
const RIB_PITCH_MM = 32;
const RIB_HEIGHT_MM = 10;
/** Ribs slope down towards the front: the anterior end of a rib lies this much lower. */
const RIB_DROP_MM = 90;

function modulo(value: number, divisor: number): number {
  return ((value % divisor) + divisor) % divisor;
}

/** Small lung vessels: cylinders that wander a little with z, so they move from slice to slice. */
function lungVessels(lung: Solid, side: 'right' | 'left'): CtRegion[] {
  const random = createRandom(seedOf('ct-lung-vessels', side));
  const [cx, cy] = lung.center;
  return Array.from({ length: 24 }, (_, index): CtRegion => {
    const angle = random() * 2 * Math.PI;
    const reach = Math.sqrt(random()) * 0.75;
    const x = cx + Math.cos(angle) * reach * lung.radii[0];
    const y = cy + Math.sin(angle) * reach * lung.radii[1];
    const radius = 1.2 + random() * 2.8;
    const phase = random() * 2 * Math.PI;
    return {
      name: `${side} lung vessel ${index + 1}`,
      hu: 40,
      solid: (z) => cylinderZ(x + 9 * Math.sin(z / 35 + phase), y + 6 * Math.cos(z / 45 + phase), radius, radius),
      within: [lung, cavity],
    };
  });
}

/** Bowel loops in the anterior abdomen, some with gas. */
function bowelLoops(): CtRegion[] {
  const random = createRandom(seedOf('ct-bowel'));
  return Array.from({ length: 24 }, (_, index): CtRegion[] => {
    const x = -60 + random() * 170;
    const y = -80 + random() * 100;
    const z = -170 + random() * 80;
    const radius = 9 + random() * 9;
    const loop = ellipsoid([x, y, z], [radius, radius, 45]);
    const regions: CtRegion[] = [{ name: `bowel loop ${index + 1}`, hu: 30, solid: loop, within: [cavity] }];
    if (random() < 0.4) {
      regions.push({
        name: `bowel gas ${index + 1}`,
        hu: -1000,
        solid: ellipsoid([x, y - radius * 0.4, z], [radius * 0.55, radius * 0.45, 30]),
        within: [loop, cavity],
      });
    }
    return regions;
  }).flat();
}

/**
 * Rib cross-sections around the chest wall. An axial plane cuts the sloping ribs obliquely, so
 * each slice shows a few arcs of rib whose position changes with z.
 */
function ribs(): CtRegion[] {
  // All cortices first, then all marrow, so neighbouring segments merge into one rib.
  const cortex: CtRegion[] = [];
  const marrow: CtRegion[] = [];
  for (let degrees = 0; degrees < 360; degrees += 1.5) {
    const t = (degrees * Math.PI) / 180;
    const x = 140 * Math.cos(t);
    const y = 5 + 96 * Math.sin(t);
    const posterior = Math.sin(t) > 0;
    if ((posterior && Math.abs(x) < 38) || (!posterior && Math.abs(x) < 22)) continue;
    const drop = (RIB_DROP_MM * (1 - Math.sin(t))) / 2;
    const present = (z: number): boolean => z + drop > -100 && modulo(z + drop, RIB_PITCH_MM) < RIB_HEIGHT_MM;
    cortex.push({
      name: `rib cortex ${degrees}°`,
      hu: 700,
      solid: (z) => (present(z) ? cylinderZ(x, y, 5, 5) : undefined),
    });
    marrow.push({
      name: `rib marrow ${degrees}°`,
      hu: 250,
      solid: (z) => (present(z) ? cylinderZ(x, y, 3, 3) : undefined),
    });
  }
  return [...cortex, ...marrow];
}

const { inserts } = ctPhantomGeometry;

export const ctPhantomAnatomy: readonly CtRegion[] = [
  { name: 'table shell', hu: 250, solid: box([-190, 146, -Infinity], [190, 158, Infinity]) },
  { name: 'table core', hu: -750, solid: box([-188, 148, -Infinity], [188, 156, Infinity]) },
  { name: 'calibration pad', hu: 30, solid: box([-110, 123.2, -Infinity], [110, 145.6, Infinity]) },
  ...inserts.map((insert): CtRegion => ({
    name: `${insert.name} rod`,
    hu: insert.hu,
    exact: true,
    solid: cylinderZ(insert.centerMm.x, CT_ROD_Y_MM, CT_ROD_RADIUS_MM, CT_ROD_RADIUS_MM),
  })),
  { name: 'subcutaneous fat', hu: -100, solid: body },
  { name: 'body wall muscle', hu: 50, solid: cylinderZ(0, 5, 150, 105) },
  { name: 'visceral fat', hu: -80, solid: cavity },
  ...bowelLoops(),
  { name: 'right lung', hu: -850, solid: rightLung, within: [cavity] },
  { name: 'left lung', hu: -850, solid: leftLung, within: [cavity] },
  ...lungVessels(rightLung, 'right'),
  ...lungVessels(leftLung, 'left'),
  { name: 'pericardial fat', hu: -90, solid: ellipsoid([20, -25, 10], [66, 56, 59]) },
  { name: 'heart', hu: 40, solid: ellipsoid([20, -25, 10], [62, 52, 55]) },
  { name: 'liver', hu: 60, solid: ellipsoid([-50, 5, -70], [95, 90, 90]), within: [cavity] },
  { name: 'inferior vena cava', hu: 45, solid: cylinderZ(-20, 40, 12, 11, -Infinity, 20) },
  { name: 'stomach', hu: 25, solid: stomach, within: [cavity] },
  { name: 'stomach gas', hu: -1000, solid: ellipsoid([55, -60, -40], [30, 16, 20]), within: [stomach] },
  { name: 'spleen', hu: 48, solid: ellipsoid([100, 35, -60], [28, 45, 45]), within: [cavity] },
  { name: 'right kidney', hu: 35, solid: rightKidney },
  { name: 'left kidney', hu: 35, solid: leftKidney },
  { name: 'right renal sinus', hu: -60, solid: ellipsoid([-62, 58, -140], [10, 12, 30]), within: [rightKidney] },
  { name: 'left renal sinus', hu: -60, solid: ellipsoid([62, 58, -125], [10, 12, 30]), within: [leftKidney] },
  { name: 'descending aorta', hu: 45, solid: cylinderZ(28, 45, 12, 12) },
  { name: 'ascending aorta', hu: 45, solid: cylinderZ(8, -22, 15, 15, 45, Infinity) },
  { name: 'pulmonary trunk', hu: 40, solid: ellipsoid([35, -30, 70], [16, 16, 28]) },
  { name: 'oesophagus', hu: 40, solid: cylinderZ(2, 38, 7, 6, -60, Infinity) },
  { name: 'trachea', hu: -1000, solid: cylinderZ(0, 15, 10, 9, 60, Infinity) },
  { name: 'right paraspinal muscle', hu: 55, solid: cylinderZ(-32, 95, 26, 18) },
  { name: 'left paraspinal muscle', hu: 55, solid: cylinderZ(32, 95, 26, 18) },
  { name: 'neural arch', hu: 650, solid: cylinderZ(0, 98, 15, 15) },
  { name: 'spinal canal', hu: 15, solid: cylinderZ(0, 98, 9, 9) },
  { name: 'spinous process', hu: 600, solid: cylinderZ(0, 110, 5, 7) },
  { name: 'vertebral cortex', hu: 700, solid: cylinderZ(0, 70, 22, 18) },
  { name: 'vertebral marrow', hu: 220, solid: cylinderZ(0, 70, 19, 15) },
  {
    name: 'intervertebral disc',
    hu: 90,
    solid: (z) => (modulo(z, VERTEBRA_PITCH_MM) < DISC_HEIGHT_MM ? cylinderZ(0, 70, 22, 18) : undefined),
  },
  ...ribs(),
  { name: 'sternum', hu: 450, solid: cylinderZ(0, -93, 16, 6, -40, Infinity) },
];
