import { createRandom, seedOf } from './random';
import type { Solid } from './solids';

/**
 * Gyri and sulci. Sulci lie on the zero set of a band-limited 3D wave field (a sum of plane
 * waves in random directions), a labyrinthine surface; any plane cuts it in the winding lines a
 * real brain section shows. Near a sulcus and near the brain's surface is a grey matter ribbon,
 * deeper is white matter.
 */
interface Folding {
  readonly name: string;
  /** The outer (pial) surface. */
  readonly solid: Solid;
  /** The hemispheres' medial surfaces at x = ±this many mm (a cerebrum); undefined for none. */
  readonly medialGapMm?: number;
  readonly wavelengthMm: number;
  readonly sulcusHalfWidthMm: number;
  readonly cortexMm: number;
  readonly sulcusDepthMm: number;
}

interface FoldedTissue {
  readonly csf: number;
  readonly grey: number;
  readonly white: number;
}

interface Wave {
  readonly kx: number;
  readonly ky: number;
  readonly kz: number;
  readonly phase: number;
}

const WAVES = 9;

function wavesOf(folding: Folding): readonly Wave[] {
  const random = createRandom(seedOf('folding', folding.name));
  const k = (2 * Math.PI) / folding.wavelengthMm;
  return Array.from({ length: WAVES }, () => {
    const cosTheta = 2 * random() - 1;
    const sinTheta = Math.sqrt(1 - cosTheta * cosTheta);
    const phi = 2 * Math.PI * random();
    return {
      kx: k * sinTheta * Math.cos(phi),
      ky: k * sinTheta * Math.sin(phi),
      kz: k * cosTheta,
      phase: 2 * Math.PI * random(),
    };
  });
}

/** A function giving the signal of the folded tissue at a point inside `folding.solid`. */
export function foldedTissue(folding: Folding, tissue: FoldedTissue): (x: number, y: number, z: number) => number {
  const waves = wavesOf(folding);
  const [cx, cy, cz] = folding.solid.center;
  const [rx, ry, rz] = folding.solid.radii;
  const meanRadiusMm = (rx + ry + rz) / 3;
  return (x, y, z) => {
    const radius = Math.sqrt(((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 + ((z - cz) / rz) ** 2);
    let depthMm = (1 - radius) * meanRadiusMm;
    if (folding.medialGapMm !== undefined) depthMm = Math.min(depthMm, Math.abs(x - cx) - folding.medialGapMm);
    if (depthMm < 0) return tissue.csf;
    let value = 0;
    let gx = 0;
    let gy = 0;
    let gz = 0;
    for (const wave of waves) {
      const angle = wave.kx * x + wave.ky * y + wave.kz * z + wave.phase;
      value += Math.cos(angle);
      const slope = -Math.sin(angle);
      gx += slope * wave.kx;
      gy += slope * wave.ky;
      gz += slope * wave.kz;
    }
    // First-order distance to the zero set, in mm.
    const sulcusMm = Math.abs(value) / Math.max(Math.hypot(gx, gy, gz), 1e-6);
    if (sulcusMm < folding.sulcusHalfWidthMm && depthMm < folding.sulcusDepthMm) return tissue.csf;
    if (depthMm < folding.cortexMm) return tissue.grey;
    const ribbonMm = folding.sulcusHalfWidthMm + folding.cortexMm;
    if (sulcusMm < ribbonMm && depthMm < folding.sulcusDepthMm + folding.cortexMm) return tissue.grey;
    return tissue.white;
  };
}
