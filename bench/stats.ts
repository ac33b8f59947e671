export interface Summary {
  median: number;
  min: number;
  max: number;
  n: number;
}

/** Median, min and max of the values that were measured; undefined when none was. */
export function summarize(values: readonly (number | null | undefined)[]): Summary | undefined {
  const present = values
    .filter((value): value is number => typeof value === 'number' && Number.isFinite(value))
    .sort((a, b) => a - b);
  if (present.length === 0) return undefined;
  const middle = Math.floor(present.length / 2);
  const median = present.length % 2 === 1 ? present[middle]! : (present[middle - 1]! + present[middle]!) / 2;
  return { median, min: present[0]!, max: present.at(-1)!, n: present.length };
}

/** The nearest-rank percentile (0–100) of already measured values. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}
