import { box, cylinderZ, ellipsoid, type Solid } from './solids';

/**
 * A T1-weighted head and upper neck. Values are arbitrary signal units as a 1.5 T spin echo
 * would show them: fat bright, white matter brighter than grey, CSF and cortical bone dark, air
 * black. Regions are painted in order; `tissue` lets the renderer fold the cortex into gyri.
 */
export type MrTissue = 'other' | 'cerebrum' | 'cerebellum';

interface MrRegion {
  readonly name: string;
  readonly signal: number;
  readonly tissue?: MrTissue;
  readonly solid: Solid;
  readonly within?: readonly Solid[];
}

export const MR_SIGNAL = {
  fat: 820,
  muscle: 380,
  bone: 40,
  marrow: 450,
  csf: 160,
  grey: 470,
  white: 720,
  air: 0,
} as const;

/** The cerebrum's outer (pial) surface, which the gyri are folded against. */
export const cerebrum = ellipsoid([0, 2, 27], [62, 83, 70]);
export const cerebellum = ellipsoid([0, 50, -24], [48, 32, 22]);

/** The face and skull base, painted over the front of the cerebrum to flatten its floor. */
const face = ellipsoid([0, -62, -48], [55, 36, 55]);
const above = (z: number): Solid => box([-Infinity, -Infinity, z], [Infinity, Infinity, Infinity]);

/** Cervical vertebral bodies (fatty marrow, bright on T1) and the darker discs between them. */
function cervicalSpine(): MrRegion[] {
  const regions: MrRegion[] = [];
  for (let top = -64, level = 2; top > -140; top -= 18, level++) {
    regions.push(
      { name: `C${level} cortex`, signal: 150, solid: box([-12, -10, top - 13], [12, 14, top]) },
      { name: `C${level} marrow`, signal: 540, solid: box([-11, -9, top - 12], [11, 13, top - 1]) },
      { name: `C${level}-C${level + 1} disc`, signal: 260, solid: box([-12, -10, top - 18], [12, 14, top - 13]) },
    );
  }
  return regions;
}

export const mrHeadAnatomy: readonly MrRegion[] = [
  { name: 'neck fat', signal: MR_SIGNAL.fat, solid: cylinderZ(0, 12, 57, 62, -Infinity, -30) },
  { name: 'neck muscle', signal: MR_SIGNAL.muscle, solid: cylinderZ(0, 12, 52, 57, -Infinity, -30) },
  { name: 'scalp', signal: MR_SIGNAL.fat, solid: ellipsoid([0, 0, 25], [76, 97, 84]) },
  { name: 'outer table', signal: MR_SIGNAL.bone, solid: ellipsoid([0, 0, 25], [72, 93, 80]) },
  { name: 'diploe', signal: MR_SIGNAL.marrow, solid: ellipsoid([0, 0, 25], [70, 91, 78]) },
  { name: 'inner table', signal: MR_SIGNAL.bone, solid: ellipsoid([0, 0, 25], [67, 88, 75]) },
  { name: 'subarachnoid space', signal: MR_SIGNAL.csf, solid: ellipsoid([0, 0, 25], [65, 86, 73]) },
  { name: 'cerebrum', signal: MR_SIGNAL.white, tissue: 'cerebrum', solid: cerebrum },
  { name: 'corpus callosum', signal: 760, solid: ellipsoid([0, 4, 28], [9, 38, 20]), within: [above(28)] },
  {
    name: 'lateral ventricles',
    signal: MR_SIGNAL.csf - 10,
    solid: ellipsoid([0, 4, 28], [16, 33, 15]),
    within: [above(28)],
  },
  { name: 'thalamus', signal: 540, solid: ellipsoid([0, 12, 18], [18, 15, 10]) },
  { name: 'midbrain', signal: 600, solid: ellipsoid([0, 20, 2], [11, 10, 14]) },
  { name: 'pons', signal: 610, solid: ellipsoid([0, 22, -18], [14, 13, 15]) },
  { name: 'medulla', signal: 620, solid: ellipsoid([0, 27, -40], [9, 8, 15]) },
  { name: 'cervical canal', signal: MR_SIGNAL.csf, solid: cylinderZ(0, 28, 10, 10, -Infinity, -46) },
  { name: 'spinal cord', signal: 620, solid: cylinderZ(0, 28, 6, 6, -Infinity, -48) },
  { name: 'cerebellum', signal: MR_SIGNAL.grey + 10, tissue: 'cerebellum', solid: cerebellum },
  { name: 'cerebellar white matter', signal: 700, solid: ellipsoid([0, 46, -22], [30, 14, 10]) },
  { name: 'fourth ventricle', signal: MR_SIGNAL.csf - 10, solid: ellipsoid([0, 36, -14], [4, 5, 8]) },
  ...cervicalSpine(),
  { name: 'skull base', signal: 60, solid: ellipsoid([0, -60, -46], [57, 40, 57]) },
  { name: 'facial fat', signal: MR_SIGNAL.fat - 60, solid: ellipsoid([0, -66, -51], [58, 38, 57]) },
  { name: 'face', signal: 410, solid: face },
  { name: 'hard palate', signal: 300, solid: box([-22, -88, -52], [22, -38, -48]) },
  { name: 'tongue', signal: 430, solid: ellipsoid([0, -58, -70], [25, 28, 16]) },
  { name: 'oral cavity', signal: MR_SIGNAL.air, solid: ellipsoid([0, -62, -54], [22, 26, 2.5]) },
  { name: 'mandibular cortex', signal: 60, solid: ellipsoid([0, -80, -92], [38, 9, 12]) },
  { name: 'mandible', signal: 480, solid: ellipsoid([0, -80, -92], [36, 7, 10]) },
  { name: 'right maxillary sinus', signal: MR_SIGNAL.air, solid: ellipsoid([-30, -68, -32], [13, 16, 17]) },
  { name: 'left maxillary sinus', signal: MR_SIGNAL.air, solid: ellipsoid([30, -68, -32], [13, 16, 17]) },
  { name: 'nose', signal: 410, solid: ellipsoid([0, -98, -22], [10, 14, 20]) },
  { name: 'nasal cavity', signal: MR_SIGNAL.air, solid: ellipsoid([0, -78, -28], [10, 15, 12]), within: [face] },
  { name: 'sphenoid sinus', signal: MR_SIGNAL.air, solid: ellipsoid([0, -30, -16], [12, 10, 9]) },
  { name: 'frontal sinus', signal: MR_SIGNAL.air, solid: ellipsoid([0, -88, 40], [12, 4, 8]) },
  { name: 'right orbital fat', signal: MR_SIGNAL.fat, solid: ellipsoid([-32, -62, 5], [14, 18, 13]) },
  { name: 'left orbital fat', signal: MR_SIGNAL.fat, solid: ellipsoid([32, -62, 5], [14, 18, 13]) },
  { name: 'right globe', signal: 140, solid: ellipsoid([-32, -78, 5], [12, 12, 12]) },
  { name: 'left globe', signal: 140, solid: ellipsoid([32, -78, 5], [12, 12, 12]) },
  { name: 'pharynx', signal: MR_SIGNAL.air, solid: cylinderZ(0, -20, 8, 4.5, -Infinity, -40) },
];
