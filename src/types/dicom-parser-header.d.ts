// dicom-parser exports readPart10Header but its bundled declarations omit it.
import 'dicom-parser';

declare module 'dicom-parser' {
  /** Reads the File Meta Information; `position` is where the data set starts. */
  export function readPart10Header(
    byteArray: Uint8Array,
    options?: { TransferSyntaxUID?: string },
  ): DataSet & { position: number };
}
