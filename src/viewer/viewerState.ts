import type { OrientationMarkers } from '../dicom/orientation';
import type { WindowChoice } from '../dicom/presets';
import type { VoiWindow } from '../dicom/voi';
import type { Displayability } from './displayability';
import type { RenderMode } from './engine';
import type { OverlayCorners } from './overlayInfo';
import type { PrimaryTool } from './tools';

export const LAYOUTS = ['1x1', '1x2', '2x1', '2x2'] as const;
export type Layout = (typeof LAYOUTS)[number];

/** Viewports a layout shows (columns × rows). */
export function slotCount(layout: Layout): number {
  const [columns, rows] = layout.split('x').map(Number) as [number, number];
  return columns * rows;
}

export const MAX_SLOTS = 4;

export interface LoadProgress {
  readonly loaded: number;
  readonly failed: number;
  readonly total: number;
}

export interface SeriesEntry {
  readonly studyInstanceUID: string;
  readonly seriesInstanceUID: string;
  readonly description: string;
  readonly modality: string;
  readonly seriesNumber?: number;
  /** Frames once the metadata is in, else the archive's instance count. */
  readonly imageCount: number;
  readonly status: 'pending' | 'ready' | 'error';
  readonly displayability?: Displayability;
  readonly error?: string;
  /** PNG data URL of the middle image. */
  readonly thumbnail?: string;
  readonly thumbnailFailed?: boolean;
  readonly progress?: LoadProgress;
}

/** Pixel under the mouse: 0-based index and value (modality units; one value per sample for colour). */
export interface CursorReadout {
  readonly column: number;
  readonly row: number;
  readonly value: number | readonly number[];
}

export interface SlotState {
  readonly seriesInstanceUID?: string;
  readonly status: 'empty' | 'loading' | 'ready' | 'placeholder' | 'error';
  /** Placeholder or error text shown in the viewport. */
  readonly message?: string;
  readonly imageIndex: number;
  readonly imageCount: number;
  readonly window?: VoiWindow;
  readonly windowChoices: readonly WindowChoice[];
  readonly zoom: number;
  readonly rotation: number;
  readonly flipHorizontal: boolean;
  readonly flipVertical: boolean;
  readonly invert: boolean;
  readonly calibrated: boolean;
  readonly overlay?: OverlayCorners;
  readonly markers?: OrientationMarkers;
  readonly cine: { readonly playing: boolean; readonly fps: number };
  readonly cursor?: CursorReadout;
  /** Modality unit of pixel values ("HU" for CT), "" when the values have none. */
  readonly unit: string;
}

export interface ViewerState {
  readonly studyInstanceUIDs: readonly string[];
  readonly series: readonly SeriesEntry[];
  readonly layout: Layout;
  readonly activeSlot: number;
  readonly slots: readonly SlotState[];
  readonly primaryTool: PrimaryTool;
  readonly renderMode: RenderMode;
  /** The corner text and markers hidden (a tap on the image toggles them on touch screens). */
  readonly overlayHidden: boolean;
  /** Study-level failure (nothing could be listed). */
  readonly error?: string;
  readonly loadingStudies: boolean;
}

export const EMPTY_SLOT: SlotState = {
  status: 'empty',
  imageIndex: 0,
  imageCount: 0,
  windowChoices: [],
  zoom: 1,
  rotation: 0,
  flipHorizontal: false,
  flipVertical: false,
  invert: false,
  calibrated: true,
  cine: { playing: false, fps: 15 },
  unit: '',
};
