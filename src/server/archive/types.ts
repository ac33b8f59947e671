import type { DicomJsonDataset } from '../../dicom/json';

/** One stored instance as the archive index knows it. */
export interface StoredInstance {
  studyInstanceUID: string;
  seriesInstanceUID: string;
  sopInstanceUID: string;
  sopClassUID: string;
  /** Transfer syntax of the stored file (files are kept as received). */
  transferSyntaxUID: string;
  /** Absolute path of the Part 10 file under DATA_DIR/archive. */
  path: string;
  numberOfFrames: number;
  instanceNumber: number | undefined;
}

/**
 * What WADO-RS needs from the index. Bulk values in `metadata` carry BulkDataURIs relative to
 * the instance ("bulk/7FE00010", "bulk/00540016/0/00181072"); retrieval makes them absolute.
 */
export interface InstanceIndex {
  /** Instances of a study, a series or one instance, ordered by series then InstanceNumber; [] when none. */
  find(study: string, series?: string, instance?: string): StoredInstance[];
  /** The instance's DICOM JSON (File Meta excluded), or undefined when unknown. */
  metadata(sopInstanceUID: string): DicomJsonDataset | undefined;
}
