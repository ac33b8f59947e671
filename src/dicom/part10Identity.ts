/**
 * Who and what a Part 10 file is about (patient, study, series, instance), or why it cannot be
 * stored: what a sender's browser needs to list a CD before uploading it. Isomorphic; the parse
 * is part10ToJson's, so the browser refuses a file for the same reasons the archive would.
 */
import dicomParser from 'dicom-parser';
import { firstString, type DicomJsonDataset } from './json';
import { readPart10Header } from './part10Header';
import { Part10Error, part10ToJson } from './part10Json';

/** Media Storage Directory Storage (PS3.4 Annex F): the DICOMDIR of a CD, not an image. */
const DICOMDIR_SOP_CLASS = '1.2.840.10008.1.3.10';

export interface Part10Identity {
  sopClassUID: string;
  sopInstanceUID: string;
  studyInstanceUID: string;
  seriesInstanceUID: string;
  transferSyntaxUID: string;
  patientID: string | undefined;
  patientName: string | undefined;
  /** YYYYMMDD as written. */
  patientBirthDate: string | undefined;
  studyDate: string | undefined;
  studyDescription: string | undefined;
  modality: string | undefined;
  seriesDescription: string | undefined;
  seriesNumber: number | undefined;
  instanceNumber: number | undefined;
}

type Part10Reading =
  | { kind: 'instance'; identity: Part10Identity }
  /** Referenced File IDs (0004,1500) of the DICOMDIR's records, each as `A/B/C` (PS3.10 8.3). */
  | { kind: 'dicomdir'; fileIds: string[] }
  | { kind: 'unreadable'; reason: string };

const text = (dataset: DicomJsonDataset, tag: string) => {
  const value = firstString(dataset, tag)?.trim();
  return value ? value : undefined;
};

const integer = (dataset: DicomJsonDataset, tag: string) => {
  const value = Number(text(dataset, tag));
  return Number.isInteger(value) ? value : undefined;
};

/** Reads a file's identifying attributes; never throws on bad input. */
export function readPart10Identity(bytes: Uint8Array): Part10Reading {
  const header = readPart10Header(bytes);
  if (header.status === 'complete' && header.header.sopClassUID === DICOMDIR_SOP_CLASS) return readDicomdir(bytes);
  let parsed;
  try {
    parsed = part10ToJson(bytes);
  } catch (error) {
    if (error instanceof Part10Error) return { kind: 'unreadable', reason: error.message };
    return { kind: 'unreadable', reason: 'The file cannot be read as DICOM' };
  }
  const { dataset, fileMeta, transferSyntaxUID } = parsed;
  const sopClassUID = text(dataset, '00080016') ?? (fileMeta && text(fileMeta, '00020002'));
  const sopInstanceUID = text(dataset, '00080018');
  const studyInstanceUID = text(dataset, '0020000D');
  const seriesInstanceUID = text(dataset, '0020000E');
  const missing = [
    ['SOP Class UID (0008,0016)', sopClassUID],
    ['SOP Instance UID (0008,0018)', sopInstanceUID],
    ['Study Instance UID (0020,000D)', studyInstanceUID],
    ['Series Instance UID (0020,000E)', seriesInstanceUID],
  ].flatMap(([name, value]) => (value ? [] : [name]));
  if (!sopClassUID || !sopInstanceUID || !studyInstanceUID || !seriesInstanceUID)
    return { kind: 'unreadable', reason: `The file has no ${missing.join(', ')}` };
  return {
    kind: 'instance',
    identity: {
      sopClassUID,
      sopInstanceUID,
      studyInstanceUID,
      seriesInstanceUID,
      transferSyntaxUID,
      patientID: text(dataset, '00100020'),
      patientName: text(dataset, '00100010'),
      patientBirthDate: text(dataset, '00100030'),
      studyDate: text(dataset, '00080020'),
      studyDescription: text(dataset, '00081030'),
      modality: text(dataset, '00080060'),
      seriesDescription: text(dataset, '0008103E'),
      seriesNumber: integer(dataset, '00200011'),
      instanceNumber: integer(dataset, '00200013'),
    },
  };
}

/**
 * A DICOMDIR holds only group 0004 (PS3.3 F.3), which the JSON conversion does not take for a data
 * set, so its Directory Record Sequence (0004,1220) is read here: each record's Referenced File ID
 * (0004,1500).
 */
function readDicomdir(bytes: Uint8Array): Part10Reading {
  try {
    const dataset = dicomParser.parseDicom(bytes);
    const records = dataset.elements.x00041220?.items ?? [];
    const fileIds = records.flatMap(({ dataSet }) => {
      const id = dataSet?.string('x00041500');
      return id
        ? [
            id
              .split('\\')
              .map((part) => part.trim())
              .join('/'),
          ]
        : [];
    });
    return { kind: 'dicomdir', fileIds };
  } catch {
    return { kind: 'unreadable', reason: 'The CD’s index (DICOMDIR) is damaged and cannot be read' };
  }
}
