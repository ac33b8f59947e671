/** An instance a document points at, with the study and series it lives in. */
export interface InstanceRef {
  readonly studyInstanceUID: string;
  readonly seriesInstanceUID: string;
  readonly sopInstanceUID: string;
  readonly sopClassUID: string;
}

/** An image; `frameNumber` only for a frame of a multi-frame instance (1-based, PS3.3 10.3). */
export interface ImageRef extends InstanceRef {
  readonly frameNumber?: number;
}
