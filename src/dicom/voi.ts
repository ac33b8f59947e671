import { firstString, type DicomJsonDataset } from './json';

/**
 * Value-of-interest (window) maths, PS3.3 C.11.2.1.2. Pure: a window is data, and the
 * functions below say what a display must show for it.
 */
export interface VoiWindow {
  readonly center: number;
  readonly width: number;
}

export interface NamedWindow extends VoiWindow {
  /** Window Center & Width Explanation (0028,1055) when the file gives one. */
  readonly explanation?: string;
}

type VoiLutFunction = 'LINEAR' | 'LINEAR_EXACT' | 'SIGMOID';

/** A pixel-value interval [lower, upper] that a linear window maps onto black..white. */
interface VoiRange {
  readonly lower: number;
  readonly upper: number;
}

/** The smallest window width the standard allows for LINEAR (C.11.2.1.2.1: "Window Width shall be ≥ 1"). */
export const MIN_LINEAR_WIDTH = 1;

function numbers(dataset: DicomJsonDataset, tag: string): number[] {
  return (dataset[tag]?.Value ?? []).flatMap((value) => {
    const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
    return Number.isFinite(number) ? [number] : [];
  });
}

/**
 * Every window the file offers (Window Center/Width are multi-valued and pair up by index),
 * with its explanation. Pairs with a non-positive width are dropped: they cannot be displayed.
 */
export function windowsFromDataset(dataset: DicomJsonDataset): NamedWindow[] {
  const centers = numbers(dataset, '00281050');
  const widths = numbers(dataset, '00281051');
  const explanations = (dataset['00281055']?.Value ?? []).map((value) =>
    typeof value === 'string' ? value.trim() : '',
  );
  const windows: NamedWindow[] = [];
  for (let index = 0; index < Math.min(centers.length, widths.length); index++) {
    const center = centers[index]!;
    const width = widths[index]!;
    if (!(width > 0)) continue;
    const explanation = explanations[index];
    windows.push(explanation ? { center, width, explanation } : { center, width });
  }
  return windows;
}

/** VOI LUT Function (0028,1056); LINEAR when absent or unknown (C.11.2.1.3). */
export function voiLutFunctionOf(dataset: DicomJsonDataset): VoiLutFunction {
  const value = firstString(dataset, '00281056')?.trim().toUpperCase();
  return value === 'SIGMOID' || value === 'LINEAR_EXACT' ? value : 'LINEAR';
}

/** Displayed intensity in [0, 1] for a stored-and-rescaled value x under a window (C.11.2.1.2). */
export function applyVoi(x: number, window: VoiWindow, fn: VoiLutFunction = 'LINEAR'): number {
  const { center: c, width: w } = window;
  if (fn === 'SIGMOID') return 1 / (1 + Math.exp((-4 * (x - c)) / w));
  if (fn === 'LINEAR_EXACT') {
    if (x <= c - w / 2) return 0;
    if (x > c + w / 2) return 1;
    return (x - c) / w + 0.5;
  }
  if (w <= 1) return x <= c - 0.5 ? 0 : 1;
  if (x <= c - 0.5 - (w - 1) / 2) return 0;
  if (x > c - 0.5 + (w - 1) / 2) return 1;
  return (x - (c - 0.5)) / (w - 1) + 0.5;
}

/** The interval a LINEAR window spans (the same bounds `applyVoi` uses). */
export function windowToRange(window: VoiWindow): VoiRange {
  const half = (Math.max(window.width, MIN_LINEAR_WIDTH) - 1) / 2;
  return { lower: window.center - 0.5 - half, upper: window.center - 0.5 + half };
}

/** Inverse of `windowToRange`. */
export function rangeToWindow(range: VoiRange): VoiWindow {
  return { center: (range.lower + range.upper) / 2 + 0.5, width: range.upper - range.lower + 1 };
}

/** A window covering [min, max] exactly: the fallback when the file gives none. */
export function windowFromMinMax(min: number, max: number): VoiWindow {
  return rangeToWindow({ lower: min, upper: Math.max(max, min) });
}

/** Integer-rounded text for overlays: "W 80 L 40". */
export function formatWindow(window: VoiWindow): string {
  const round = (value: number) => (Math.abs(value) >= 10 ? Math.round(value) : Math.round(value * 10) / 10);
  return `W ${round(window.width)} L ${round(window.center)}`;
}
