import dcmjs from 'dcmjs';

const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
/** The gateway's own Implementation Class UID (src/server/archive/ingest/fileMeta.ts): one product. */
const IMPLEMENTATION_CLASS_UID = '2.25.233318364722539366153371437367409421386';
const IMPLEMENTATION_VERSION_NAME = 'SECONDREAD_1';

/**
 * A data set in dcmjs's naturalized form: standard keywords as keys. `_vrMap` names the VR of
 * elements whose dictionary VR is ambiguous (PixelData is OB or OW, some US-or-SS elements).
 */
export interface NaturalDataset {
  readonly SOPClassUID: string;
  readonly SOPInstanceUID: string;
  readonly [keyword: string]: unknown;
}

/** Elements in DICOM JSON form keyed by tag, for what has no keyword (overlay groups 6002–601E, private tags). */
type DenaturalizedElements = Readonly<Record<string, { vr: string; Value?: unknown[]; InlineBinary?: string }>>;

/**
 * A naturalized data set as a DICOM Part 10 file: preamble, File Meta Information (PS3.10 7.1)
 * and the data set in Explicit VR Little Endian, with `elements` written as they are.
 */
export function writePart10(dataset: NaturalDataset, elements: DenaturalizedElements = {}): Uint8Array {
  const { DicomDict, DicomMetaDictionary } = dcmjs.data;
  const dict = new DicomDict(
    DicomMetaDictionary.denaturalizeDataset({
      FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
      MediaStorageSOPClassUID: dataset.SOPClassUID,
      MediaStorageSOPInstanceUID: dataset.SOPInstanceUID,
      TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN,
      ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
      ImplementationVersionName: IMPLEMENTATION_VERSION_NAME,
    }),
  );
  dict.dict = { ...DicomMetaDictionary.denaturalizeDataset(dataset), ...elements };
  return new Uint8Array(dict.write());
}
