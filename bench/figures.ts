import type { RunMetrics } from './viewerRun';

export interface Figure {
  key: string;
  label: string;
  better: 'lower' | 'higher';
  value(run: RunMetrics): number | null;
}

const MB = 1024 * 1024;

/** The per-viewer figures of the table, each read from one run. */
export const FIGURES: readonly Figure[] = [
  { key: 'firstImageMs', label: 'Time to first image (ms)', better: 'lower', value: (run) => run.firstImageMs },
  { key: 'seriesLoadedMs', label: 'Whole series loaded (ms)', better: 'lower', value: (run) => run.seriesLoadedMs },
  {
    key: 'jsWasmKiB',
    label: 'JS+WASM before first image (KiB)',
    better: 'lower',
    value: (run) => (run.jsBytesBeforeFirstImage === null ? null : (run.jsBytesBeforeFirstImage + (run.wasmBytesBeforeFirstImage ?? 0)) / 1024),
  },
  { key: 'scrollRate', label: 'Scroll, images painted per s', better: 'higher', value: (run) => run.scroll?.imagesPerSecond ?? null },
  { key: 'longestStallMs', label: 'Scroll, longest stall (ms)', better: 'lower', value: (run) => run.scroll?.longestStallMs ?? null },
  { key: 'probeMs', label: 'Scroll, pixel probe cost per frame (ms)', better: 'lower', value: (run) => run.scroll?.probeMsPerFrame ?? null },
  { key: 'unpainted', label: 'Scroll, steps not painted', better: 'lower', value: (run) => run.scroll?.unpainted ?? null },
  { key: 'peakHeapMiB', label: 'Peak JS heap (MiB)', better: 'lower', value: (run) => (run.peakJsHeapBytes > 0 ? run.peakJsHeapBytes / MB : null) },
  { key: 'peakPssMiB', label: 'Peak tab memory, renderer PSS (MiB)', better: 'lower', value: (run) => (run.peakRendererPssBytes > 0 ? run.peakRendererPssBytes / MB : null) },
];
