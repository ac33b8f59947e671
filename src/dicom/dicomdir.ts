import { joinBytes } from './bytes';
import { element, ITEM_HEADER_BYTES, itemHeader, sequenceHeader, text, ul, us } from './explicitVrWriter';

/**
 * A DICOMDIR (PS3.10 8.2 File-set, PS3.3 F.3 Basic Directory IOD) for a PATIENT / STUDY /
 * SERIES / IMAGE hierarchy. Records are written depth first as defined-length items, so every
 * record's size is known before any offset is: sizes first, then positions, then the bytes.
 * Offsets count from the first byte of the file, preamble included (PS3.3 F.3.2.1).
 */

export interface DicomdirImage {
  /** Referenced File ID components (PS3.10 8.3: at most 8 of A-Z, 0-9 and _ each, at most 8 levels). */
  fileId: readonly string[];
  sopClassUID: string;
  sopInstanceUID: string;
  transferSyntaxUID: string;
  instanceNumber: string;
}

export interface DicomdirSeries {
  seriesInstanceUID: string;
  modality: string;
  seriesNumber: string;
  images: readonly DicomdirImage[];
}

export interface DicomdirStudy {
  studyInstanceUID: string;
  studyDate: string;
  studyTime: string;
  studyDescription: string;
  studyID: string;
  accessionNumber: string;
  series: readonly DicomdirSeries[];
}

export interface DicomdirPatient {
  patientID: string;
  /** The PN value as written (components with ^, groups with =). */
  patientName: string;
  studies: readonly DicomdirStudy[];
}

export interface FileSet {
  /** File-set ID (0004,1130): CS, at most 16 characters. */
  fileSetID: string;
  /** Media Storage SOP Instance UID of the DICOMDIR itself. */
  sopInstanceUID: string;
  implementationClassUID: string;
  implementationVersionName: string;
  patients: readonly DicomdirPatient[];
}

const MEDIA_STORAGE_DIRECTORY_STORAGE = '1.2.840.10008.1.3.10';
const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
const PREAMBLE_BYTES = 132;
const FILE_ID_COMPONENT = /^[A-Z0-9_]{1,8}$/;
const IN_USE = 0xffff;
// Set per record whose keys are not plain ASCII: the values come from DICOM JSON, i.e. Unicode.
const UTF8_CHARSET = 'ISO_IR 192';

/** A directory record before its offsets are known: its type, its key elements and its children. */
interface DirectoryRecord {
  type: 'PATIENT' | 'STUDY' | 'SERIES' | 'IMAGE';
  /** The elements after (0004,1430), in ascending tag order. */
  keys: Uint8Array;
  children: DirectoryRecord[];
}

/** Bytes of (0004,1400) + (0004,1410) + (0004,1420) with their headers. */
const LINK_BYTES = 12 + 10 + 12;

export function writeDicomdir(fileSet: FileSet): Uint8Array {
  const roots = fileSet.patients.map(patientRecord);
  const meta = fileMeta(fileSet);
  const flat: DirectoryRecord[] = [];
  const visit = (record: DirectoryRecord) => {
    flat.push(record);
    record.children.forEach(visit);
  };
  roots.forEach(visit);

  const typeElements = new Map(flat.map((record) => [record, text(0x00041430, 'CS', record.type)]));
  const itemLength = (record: DirectoryRecord) => LINK_BYTES + typeElements.get(record)!.length + record.keys.length;
  const sequenceLength = flat.reduce((sum, record) => sum + ITEM_HEADER_BYTES + itemLength(record), 0);

  const fileSetElements = joinBytes([text(0x00041130, 'CS', fileSet.fileSetID)]);
  // (0004,1200) UL, (0004,1202) UL, (0004,1212) US, (0004,1220) SQ header.
  const firstItemAt = PREAMBLE_BYTES + meta.length + fileSetElements.length + 12 + 12 + 10 + 12;
  const position = new Map<DirectoryRecord, number>();
  let at = firstItemAt;
  for (const record of flat) {
    position.set(record, at);
    at += ITEM_HEADER_BYTES + itemLength(record);
  }
  const offsetOf = (record: DirectoryRecord | undefined) => (record === undefined ? 0 : position.get(record)!);

  const next = new Map<DirectoryRecord, DirectoryRecord | undefined>();
  const link = (siblings: DirectoryRecord[]) => siblings.forEach((record, i) => next.set(record, siblings[i + 1]));
  link(roots);
  flat.forEach((record) => link(record.children));

  const items = flat.map((record) =>
    joinBytes([
      itemHeader(itemLength(record)),
      ul(0x00041400, offsetOf(next.get(record))),
      us(0x00041410, IN_USE),
      ul(0x00041420, offsetOf(record.children[0])),
      typeElements.get(record)!,
      record.keys,
    ]),
  );
  return joinBytes([
    new Uint8Array(128),
    new TextEncoder().encode('DICM'),
    meta,
    fileSetElements,
    ul(0x00041200, offsetOf(roots[0])),
    ul(0x00041202, offsetOf(roots.at(-1))),
    us(0x00041212, 0),
    sequenceHeader(0x00041220, sequenceLength),
    ...items,
  ]);
}

function fileMeta(fileSet: FileSet): Uint8Array {
  const elements = joinBytes([
    element(0x00020001, 'OB', new Uint8Array([0, 1])),
    text(0x00020002, 'UI', MEDIA_STORAGE_DIRECTORY_STORAGE),
    text(0x00020003, 'UI', fileSet.sopInstanceUID),
    text(0x00020010, 'UI', EXPLICIT_VR_LITTLE_ENDIAN),
    text(0x00020012, 'UI', fileSet.implementationClassUID),
    text(0x00020013, 'SH', fileSet.implementationVersionName),
  ]);
  return joinBytes([ul(0x00020000, elements.length), elements]);
}

/** Key elements, sorted by tag, with Specific Character Set first when any value needs it. */
function keys(values: [tag: number, vr: string, value: string | readonly string[]][]): Uint8Array {
  const needsUtf8 = values.some(([, , value]) =>
    /[^\x20-\x7e]/.test(typeof value === 'string' ? value : value.join('')),
  );
  const all = needsUtf8 ? [[0x00080005, 'CS', UTF8_CHARSET] as const, ...values] : values;
  return joinBytes([...all].sort((a, b) => a[0] - b[0]).map(([tag, vr, value]) => text(tag, vr, value)));
}

function patientRecord(patient: DicomdirPatient): DirectoryRecord {
  return {
    type: 'PATIENT',
    keys: keys([
      [0x00100010, 'PN', patient.patientName],
      [0x00100020, 'LO', patient.patientID],
    ]),
    children: patient.studies.map(studyRecord),
  };
}

function studyRecord(study: DicomdirStudy): DirectoryRecord {
  return {
    type: 'STUDY',
    keys: keys([
      [0x00080020, 'DA', study.studyDate],
      [0x00080030, 'TM', study.studyTime],
      [0x00080050, 'SH', study.accessionNumber],
      [0x00081030, 'LO', study.studyDescription],
      [0x0020000d, 'UI', study.studyInstanceUID],
      [0x00200010, 'SH', study.studyID],
    ]),
    children: study.series.map(seriesRecord),
  };
}

function seriesRecord(series: DicomdirSeries): DirectoryRecord {
  return {
    type: 'SERIES',
    keys: keys([
      [0x00080060, 'CS', series.modality],
      [0x0020000e, 'UI', series.seriesInstanceUID],
      [0x00200011, 'IS', series.seriesNumber],
    ]),
    children: series.images.map(imageRecord),
  };
}

function imageRecord(image: DicomdirImage): DirectoryRecord {
  if (image.fileId.length === 0 || image.fileId.length > 8 || !image.fileId.every((c) => FILE_ID_COMPONENT.test(c))) {
    throw new RangeError(`Invalid Referenced File ID ${image.fileId.join('/')}`);
  }
  return {
    type: 'IMAGE',
    keys: keys([
      [0x00041500, 'CS', image.fileId],
      [0x00041510, 'UI', image.sopClassUID],
      [0x00041511, 'UI', image.sopInstanceUID],
      [0x00041512, 'UI', image.transferSyntaxUID],
      [0x00200013, 'IS', image.instanceNumber],
    ]),
    children: [],
  };
}
