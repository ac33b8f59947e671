import type { Part10ErrorCode } from '../../../dicom/part10Json';

/** The result of storing one instance; `reason` is a sentence a user can act on. */
export type IngestOutcome = IngestSuccess | IngestFailure;

export interface IngestSuccess {
  ok: true;
  studyInstanceUID: string;
  seriesInstanceUID: string;
  sopInstanceUID: string;
  sopClassUID: string;
  /** The same data set was already stored: nothing was written. */
  duplicate: boolean;
  /** Different bytes for a stored SOP Instance UID replaced the old file. */
  replaced: boolean;
  warnings: IngestWarning[];
}

export interface IngestWarning {
  /**
   * SOP_CLASS_MISMATCH (STOW-RS WarningReason B007) and SOP_INSTANCE_MISMATCH: the File Meta and
   * the data set disagree; TOLERATED: a defect the parser stepped over (B000, coercion); MISSING:
   * an optional attribute the archive lists by is absent (B000); DISCARDED: bytes after the data
   * set left out of the index (B006, elements discarded).
   */
  code: 'SOP_CLASS_MISMATCH' | 'SOP_INSTANCE_MISMATCH' | 'TOLERATED' | 'MISSING' | 'DISCARDED';
  reason: string;
}

export type IngestFailureCode =
  | Part10ErrorCode
  | 'MISSING_UID'
  | 'INVALID_UID'
  | 'STUDY_MISMATCH'
  | 'UID_CONFLICT'
  | 'IDENTITY_CHANGE'
  | 'NO_PIXEL_DATA'
  | 'TRUNCATED_PIXEL_DATA'
  | 'OUT_OF_RESOURCES'
  | 'STORAGE_FAILED';

export interface IngestFailure {
  ok: false;
  code: IngestFailureCode;
  reason: string;
  sopInstanceUID?: string;
  sopClassUID?: string;
}
