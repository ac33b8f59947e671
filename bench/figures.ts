import type { RunMetrics } from './viewerRun';

interface Figure {
  key: string;
  label: string;
  /** False for counts and harness overheads, where a ratio says nothing. */
  ratio: boolean;
  value(run: RunMetrics): number | null;
}

const MB = 1024 * 1024;

/** The per-viewer figures of the table, each read from one run. */
export const FIGURES: readonly Figure[] = [
  { key: 'firstImageMs', label: 'Time to first image (ms)', ratio: true, value: (run) => run.firstImageMs },
  {
    key: 'firstFullQualityMs',
    label: 'First full-quality image (ms)',
    ratio: true,
    value: (run) => run.firstFullQualityMs,
  },
  { key: 'seriesLoadedMs', label: 'Whole series loaded (ms)', ratio: true, value: (run) => run.seriesLoadedMs },
  {
    key: 'bytesBeforeFirstImageKiB',
    label: 'Bytes on the wire before first image (KiB)',
    ratio: true,
    value: (run) => (run.bytesBeforeFirstImage === null ? null : run.bytesBeforeFirstImage / 1024),
  },
  {
    key: 'imageMiB',
    label: 'Pixel data on the wire (MiB)',
    ratio: true,
    value: (run) => (run.imageBytes > 0 ? run.imageBytes / MB : null),
  },
  {
    key: 'jsWasmKiB',
    label: 'JS+WASM before first image (KiB)',

    ratio: true,
    value: (run) =>
      run.jsBytesBeforeFirstImage === null
        ? null
        : (run.jsBytesBeforeFirstImage + (run.wasmBytesBeforeFirstImage ?? 0)) / 1024,
  },
  {
    key: 'scrollRate',
    label: 'Scroll, images painted per s',
    ratio: true,
    value: (run) => run.scroll?.imagesPerSecond ?? null,
  },
  {
    key: 'longestStallMs',
    label: 'Scroll, longest stall (ms)',
    ratio: true,
    value: (run) => run.scroll?.longestStallMs ?? null,
  },
  {
    key: 'probeMs',
    label: 'Scroll, pixel probe cost per frame (ms)',
    ratio: false,
    value: (run) => run.scroll?.probeMsPerFrame ?? null,
  },
  { key: 'unpainted', label: 'Scroll, steps not painted', ratio: false, value: (run) => run.scroll?.unpainted ?? null },
  {
    key: 'peakHeapMiB',
    label: 'Peak JS heap (MiB)',
    ratio: true,
    value: (run) => (run.peakJsHeapBytes > 0 ? run.peakJsHeapBytes / MB : null),
  },
  {
    key: 'peakPssMiB',
    label: 'Peak tab memory, renderer PSS (MiB)',
    ratio: true,
    value: (run) => (run.peakRendererPssBytes > 0 ? run.peakRendererPssBytes / MB : null),
  },
];
