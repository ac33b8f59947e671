/** Seeded pseudo-random numbers, so every generated pixel is the same on every run and platform. */

/** FNV-1a 32-bit hash of the parts, used as a seed. */
export function seedOf(...parts: readonly (string | number)[]): number {
  let hash = 0x811c9dc5;
  for (const char of parts.join('/')) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** mulberry32: uniform numbers in [0, 1). */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Fills `out` with approximately normal noise of unit variance (Irwin–Hall sum of four
 * uniforms); cheap enough for a 512×512 slice per call.
 */
export function fillNormalNoise(out: Float32Array, seed: number): Float32Array {
  const random = createRandom(seed);
  const scale = Math.sqrt(3);
  for (let i = 0; i < out.length; i++) {
    out[i] = (random() + random() + random() + random() - 2) * scale;
  }
  return out;
}
