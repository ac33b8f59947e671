/** The DICOM JSON model (PS3.18 F.2): what QIDO-RS and WADO-RS metadata speak. */

export interface PersonNameValue {
  Alphabetic?: string;
  Ideographic?: string;
  Phonetic?: string;
}

export type DicomJsonValue = string | number | PersonNameValue | DicomJsonDataset | null;

export interface DicomJsonElement {
  vr: string;
  Value?: DicomJsonValue[];
  BulkDataURI?: string;
  InlineBinary?: string;
}

/** Keys are tags as 8 upper-case hex digits. */
export type DicomJsonDataset = Record<string, DicomJsonElement>;

/** First value of an element as a string, or undefined (PN values give their Alphabetic group). */
export function firstString(dataset: DicomJsonDataset, tag: string): string | undefined {
  const value = dataset[tag]?.Value?.[0];
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  // A nested data set is a record too, so `in` alone cannot narrow it away.
  if (value && typeof value === 'object' && 'Alphabetic' in value) return (value as PersonNameValue).Alphabetic ?? '';
  return undefined;
}

/** First value of an element as a number, or undefined. */
export function firstNumber(dataset: DicomJsonDataset, tag: string): number | undefined {
  const value = dataset[tag]?.Value?.[0];
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}
