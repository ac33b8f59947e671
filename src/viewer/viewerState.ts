import type { OrientationMarkers } from '../dicom/orientation';
import type { WindowChoice } from '../dicom/presets';
import type { Opinion } from '../dicom/sr/opinion';
import type { ImageRef } from '../dicom/sr/references';
import type { SrDocument } from '../dicom/sr/srDocument';
import type { VoiWindow } from '../dicom/voi';
import type { Displayability } from '../dicom/displayability';
import type { RenderChoice, RenderMode } from './renderer/renderChoice';
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
  /** Stacks the scanner meant to be browsed apart (an enhanced object's stacks, echoes, time points): two or more, else absent. */
  readonly stacks?: readonly StackEntry[];
}

/** One stack of a split series, listed in the series panel as an entry of its own. */
export interface StackEntry {
  /** "Stack 2", "Echo 2 (TE 30 ms)", "Time 3"… */
  readonly label: string;
  readonly imageCount: number;
  /** PNG data URL of its middle image. */
  readonly thumbnail?: string;
}

/** Pixel under the mouse: 0-based index and value (modality units; one value per sample for colour). */
export interface CursorReadout {
  readonly column: number;
  readonly row: number;
  readonly value: number | readonly number[];
}

export interface SlotState {
  readonly seriesInstanceUID?: string;
  /** Which stack of a split series the slot shows (index into its `stacks`); absent for the first or only one. */
  readonly stack?: number;
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
  /** The image on screen is a reduced-resolution preview still being completed (progressive retrieval). */
  readonly partial?: boolean;
}

/** A measurement or annotation drawn on one of the viewer's images. */
export interface Measurement {
  /** Cornerstone annotation UID. */
  readonly uid: string;
  /** Cornerstone tool name: 'Length' | 'Angle' | 'EllipticalROI' | ... */
  readonly tool: string;
  /** "Length", "Ellipse", "Rectangle", "Angle", "Probe", "Arrow" */
  readonly toolLabel: string;
  /** The reader's label ('' when none); an arrow's text. */
  readonly label: string;
  /** "42.1 mm", "Mean 35.2 HU · SD 4.1 · 120 mm²" */
  readonly summary: string;
  readonly image: ImageRef;
  /** Drawn from a stored SR. */
  readonly readOnly: boolean;
  /** The SR's SOP Instance UID when readOnly. */
  readonly reportUID?: string;
}

export interface KeyImage {
  readonly image: ImageRef;
  readonly note: string;
  readonly readOnly: boolean;
  readonly reportUID?: string;
}

/** An SR or KOS document found in an open study. */
export interface StudyReport {
  readonly studyInstanceUID: string;
  readonly seriesInstanceUID: string;
  readonly sopInstanceUID: string;
  readonly kind: 'measurements' | 'document' | 'keyObjects';
  /** Code meaning of the document title, or a fallback. */
  readonly title: string;
  readonly observer?: string;
  /** ISO local date-time. */
  readonly when?: string;
  readonly opinion?: Opinion;
  /** A key object selection's own text (Key Object Description): about the selection, not one image. */
  readonly description?: string;
  /** For 'document' and 'measurements' (the app renders it). */
  readonly document?: SrDocument;
  readonly measurementCount: number;
  readonly keyImageCount: number;
  /** Measurements drawn on the images (default true for 'measurements'). */
  readonly overlaysShown: boolean;
}

export type SendState =
  | { readonly status: 'idle' }
  | { readonly status: 'sending' }
  | { readonly status: 'sent'; readonly at: string; readonly srInstanceUID: string }
  | { readonly status: 'error'; readonly message: string };

export interface ViewerState {
  readonly studyInstanceUIDs: readonly string[];
  /** Where the studies come from: a DICOMweb server, or files read on this device (nothing to share or fetch). */
  readonly source: 'dicomweb' | 'device';
  readonly series: readonly SeriesEntry[];
  readonly layout: Layout;
  readonly activeSlot: number;
  readonly slots: readonly SlotState[];
  readonly primaryTool: PrimaryTool;
  readonly renderMode: RenderMode;
  /** renderMode and why (the viewport indicator says it). */
  readonly renderChoice: RenderChoice;
  /** The corner text and markers hidden (a tap on the image toggles them on touch screens). */
  readonly overlayHidden: boolean;
  /** The overlay planes (60xx) stored with the images hidden (Shift+O). */
  readonly overlayPlanesHidden: boolean;
  /** Study-level failure (nothing could be listed). */
  readonly error?: string;
  readonly loadingStudies: boolean;
  /** This viewer's studies only, editable first then read-only. */
  readonly measurements: readonly Measurement[];
  readonly keyImages: readonly KeyImage[];
  /** SR/KOS found in the open studies, newest first. */
  readonly reports: readonly StudyReport[];
  /** The draft opinion. */
  readonly opinion: Opinion;
  readonly send: SendState;
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
