import type { Lut } from './lutData';

interface LutOutput {
  readonly values: Int32Array | Float32Array;
  readonly min: number;
  readonly max: number;
}

/**
 * Maps stored values through a LUT (PS3.3 C.11.1.1.1): values below the first mapped one take
 * the first entry, values past the last take the last entry.
 */
export function applyLut(stored: ArrayLike<number>, lut: Lut): LutOutput {
  const entries = lut.lut;
  const last = entries.length - 1;
  const integral = entries.every(Number.isInteger);
  const values = integral ? new Int32Array(stored.length) : new Float32Array(stored.length);
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < stored.length; i++) {
    const index = Math.min(last, Math.max(0, Math.round(stored[i]!) - lut.firstValueMapped));
    const value = entries[index]!;
    values[i] = value;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return { values, min, max };
}

/** The smallest typed array Cornerstone can put in a texture that holds every output value. */
export function compactArray(output: LutOutput): Uint8Array | Uint16Array | Int16Array | Float32Array {
  const { values, min, max } = output;
  if (values instanceof Float32Array) return values;
  if (min >= 0 && max <= 255) return Uint8Array.from(values);
  if (min >= 0 && max <= 65535) return Uint16Array.from(values);
  if (min >= -32768 && max <= 32767) return Int16Array.from(values);
  return Float32Array.from(values);
}

/**
 * The linear window closest to a rising VOI LUT (PS3.3 C.11.2.1.1): the input values over which
 * its output climbs from its lowest to its highest entry. The GPU path applies linear and sigmoid
 * windows only, so a VOI LUT Sequence is shown as this window. Undefined for flat or falling tables.
 */
export function windowOfLut(lut: Lut): { lower: number; upper: number } | undefined {
  const entries = lut.lut;
  const last = entries.length - 1;
  if (last < 1 || !(entries[last]! > entries[0]!)) return undefined;
  const low = entries[0]!;
  const high = entries[last]!;
  let start = 0;
  while (start < last && entries[start + 1] === low) start++;
  let end = last;
  while (end > 0 && entries[end - 1] === high) end--;
  return { lower: lut.firstValueMapped + start, upper: lut.firstValueMapped + end };
}
