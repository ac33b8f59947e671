import type { DicomJsonDataset } from '../../dicom/json';
import type { OverlayPlane } from '../overlays/overlayPlanes';
import type { Lut } from './lutData';

/** Everything the viewer knows about one displayable frame: what Cornerstone's modules are built from. */
export interface FrameMetadata {
  readonly studyInstanceUID: string;
  readonly seriesInstanceUID: string;
  readonly sopInstanceUID: string;
  /** 1-based frame number within its instance. */
  readonly frameNumber: number;
  /** The instance's DICOM JSON with this frame's functional groups lifted to the top level. */
  readonly dataset: DicomJsonDataset;
  /** Palette Color LUTs expanded to numbers (bulk data already fetched). */
  readonly palette?: {
    readonly red: readonly number[];
    readonly green: readonly number[];
    readonly blue: readonly number[];
  };
  /** First item of the Modality LUT Sequence, when the image uses one instead of rescale. */
  readonly modalityLut?: Lut;
  /** Items of the VOI LUT Sequence. */
  readonly voiLuts: readonly Lut[];
  /** Overlay planes (60xx) with their bits, drawn over the image. */
  readonly overlays?: readonly OverlayPlane[];
}
