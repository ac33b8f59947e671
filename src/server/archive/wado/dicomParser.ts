import { createRequire } from 'node:module';
import { inflateRawSync } from 'node:zlib';
import type * as DicomParserModule from 'dicom-parser';
import { HttpError } from '../../errors';
import { unreadableInstance } from './wadoErrors';

export type { DataSet, Element } from 'dicom-parser';

// dicom-parser is a UMD bundle: Node's ESM loader sees only its default export, which its type
// declarations do not describe, so it is loaded through require.
const dicomParser = createRequire(import.meta.url)('dicom-parser') as typeof DicomParserModule;

/** Largest inflated Deflated Explicit VR Little Endian data set accepted (a deflate bomb guard). */
const MAX_INFLATED_BYTES = 2 ** 31 - 1;

export interface ParsedPart10 {
  dataSet: DicomParserModule.DataSet;
  /** From the File Meta Information, else the index's value (files without File Meta). */
  transferSyntaxUID: string;
  /** False when parsing stopped at an error: what follows the error point is missing. */
  complete: boolean;
}

/**
 * Parses a Part 10 file with dicom-parser. A data set that parses up to an error (garbage after
 * the last element, a truncated trailing element) is returned as far as it got: callers check
 * that what they need is present and inside the buffer.
 */
export function parsePart10(bytes: Uint8Array, fallbackTransferSyntax: string): ParsedPart10 {
  let dataSet: DicomParserModule.DataSet;
  let complete = true;
  try {
    dataSet = dicomParser.parseDicom(bytes, { TransferSyntaxUID: fallbackTransferSyntax, inflater: inflateDataSet });
  } catch (error) {
    if (error instanceof HttpError) throw error;
    const partial = partialDataSet(error);
    if (partial === undefined) throw unreadableInstance('The file does not parse as DICOM', describe(error));
    dataSet = partial;
    complete = false;
  }
  return { dataSet, transferSyntaxUID: dataSet.string('x00020010') ?? fallbackTransferSyntax, complete };
}

/** PS3.5 A.5: everything after the File Meta Information is raw deflate. */
function inflateDataSet(bytes: Uint8Array, position: number): Uint8Array {
  let inflated: Buffer;
  try {
    inflated = inflateRawSync(bytes.subarray(position), { maxOutputLength: MAX_INFLATED_BYTES });
  } catch (error) {
    throw unreadableInstance('The deflated data set does not inflate', error);
  }
  const whole = new Uint8Array(position + inflated.length);
  whole.set(bytes.subarray(0, position));
  whole.set(inflated, position);
  return whole;
}

/** dicom-parser throws `{ exception, dataSet }` when it fails inside the data set. */
function partialDataSet(error: unknown): DicomParserModule.DataSet | undefined {
  if (typeof error !== 'object' || error === null || !('dataSet' in error)) return undefined;
  const { dataSet } = error as { dataSet: unknown };
  return typeof dataSet === 'object' && dataSet !== null && 'elements' in dataSet ? (dataSet as DicomParserModule.DataSet) : undefined;
}

function describe(error: unknown): Error {
  if (error instanceof Error) return error;
  if (typeof error === 'object' && error !== null && 'exception' in error) return new Error(String((error as { exception: unknown }).exception));
  return new Error(String(error));
}
