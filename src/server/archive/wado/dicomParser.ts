import { createRequire } from 'node:module';
import type * as DicomParserModule from 'dicom-parser';
import { withDefinedLengthUn } from '../../../dicom/bigEndianUn';
import { HttpError } from '../../errors';
import { unreadableInstance } from './wadoErrors';

export type { DataSet, Element } from 'dicom-parser';

// dicom-parser is a UMD bundle: Node's ESM loader sees only its default export, which its type
// declarations do not describe, so it is loaded through require.
const dicomParser = createRequire(import.meta.url)('dicom-parser') as typeof DicomParserModule;

const EXPLICIT_BIG_ENDIAN = '1.2.840.10008.1.2.2';

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
 * that what they need is present and inside the buffer. A deflated data set is never inflated
 * here: it is read from its inflated rendition (deflated/renditions.ts), made once, capped. A big
 * endian data set's undefined-length UN values are given their lengths first (dicom/bigEndianUn.ts).
 */
export function parsePart10(received: Uint8Array, fallbackTransferSyntax: string): ParsedPart10 {
  let dataSet: DicomParserModule.DataSet;
  let complete = true;
  const meta = readFileMeta(received);
  const bytes =
    (meta?.transferSyntaxUID ?? fallbackTransferSyntax) === EXPLICIT_BIG_ENDIAN
      ? withDefinedLengthUn(received, meta?.position ?? 0).bytes
      : received;
  try {
    dataSet = dicomParser.parseDicom(bytes, { TransferSyntaxUID: fallbackTransferSyntax, inflater: refuseToInflate });
  } catch (error) {
    if (error instanceof HttpError) throw error;
    const partial = partialDataSet(error);
    if (partial === undefined) throw unreadableInstance('The file does not parse as DICOM', describe(error));
    dataSet = partial;
    complete = false;
  }
  return { dataSet, transferSyntaxUID: dataSet.string('x00020010') ?? fallbackTransferSyntax, complete };
}

/** dicom-parser would inflate without a limit; a deflated file is read through its rendition instead. */
function refuseToInflate(): never {
  throw unreadableInstance('A deflated data set reached the parser instead of its inflated rendition');
}

interface FileMeta {
  /** Where the data set starts, after preamble, prefix and File Meta Information. */
  position: number;
  transferSyntaxUID: string | undefined;
  sopClassUID: string | undefined;
  sopInstanceUID: string | undefined;
}

/** The File Meta Information of a Part 10 file; undefined when it has none or it does not parse. */
export function readFileMeta(bytes: Uint8Array): FileMeta | undefined {
  try {
    const meta = dicomParser.readPart10Header(bytes);
    // Reading a value may run past the end of a truncated file: that too is a File Meta that does not parse.
    const text = (tag: string) => meta.string(tag) || undefined;
    return {
      position: meta.position,
      transferSyntaxUID: text('x00020010'),
      sopClassUID: text('x00020002'),
      sopInstanceUID: text('x00020003'),
    };
  } catch {
    return undefined;
  }
}

/** dicom-parser throws `{ exception, dataSet }` when it fails inside the data set. */
function partialDataSet(error: unknown): DicomParserModule.DataSet | undefined {
  if (typeof error !== 'object' || error === null || !('dataSet' in error)) return undefined;
  const { dataSet } = error;
  return typeof dataSet === 'object' && dataSet !== null && 'elements' in dataSet
    ? (dataSet as DicomParserModule.DataSet)
    : undefined;
}

function describe(error: unknown): Error {
  if (error instanceof Error) return error;
  if (typeof error === 'object' && error !== null && 'exception' in error) return new Error(String(error.exception));
  return new Error(String(error));
}
