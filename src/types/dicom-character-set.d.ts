// dicom-character-set ships no type declarations; this declares the one function SecondRead uses.
declare module 'dicom-character-set' {
  /** Decodes the bytes of one text value under a Specific Character Set (0008,0005) value, ISO 2022 escapes included. */
  export function convertBytes(
    specificCharacterSet: string | undefined,
    bytes: Uint8Array,
    options?: { vr?: string },
  ): string;
}
