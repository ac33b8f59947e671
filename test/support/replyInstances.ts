import { randomUUID } from 'node:crypto';
import dcmjs from 'dcmjs';

/**
 * SR and KOS instances as a share recipient's reply holds them, written with dcmjs (a naturalized
 * data set → Part 10 bytes), and the multipart/related body that carries them in STOW-RS.
 */

export const SOP_CLASS = {
  comprehensiveSR: '1.2.840.10008.5.1.4.1.1.88.33',
  keyObjectSelection: '1.2.840.10008.5.1.4.1.1.88.59',
  ctImage: '1.2.840.10008.5.1.4.1.1.2',
  encapsulatedPdf: '1.2.840.10008.5.1.4.1.1.104.1',
} as const;

/** The patient and study attributes a reply copies from the study it answers. */
export interface StudyIdentity {
  studyInstanceUID: string;
  patientID: string;
  patientName: string;
  patientBirthDate: string;
}

/** An instance the reply points at. */
export interface Reference {
  study: string;
  series: string;
  instance: string;
  sopClass: string;
}

interface ReplyInstanceOptions {
  study: StudyIdentity;
  sopClassUID?: string;
  sopInstanceUID?: string;
  seriesInstanceUID?: string;
  references?: Reference[];
}

/** A UID no archive holds yet (the 2.25 UUID form, PS3.5 B.2). */
export const newUid = () => `2.25.${BigInt(`0x${randomUUID().replace(/-/g, '')}`).toString()}`;

/**
 * One reply instance as Part 10 bytes: a Comprehensive SR by default, with its references in
 * CurrentRequestedProcedureEvidenceSequence and as IMAGE content items.
 */
export function replyInstance({
  study,
  sopClassUID = SOP_CLASS.comprehensiveSR,
  sopInstanceUID = newUid(),
  seriesInstanceUID = newUid(),
  references = [],
}: ReplyInstanceOptions): { bytes: Uint8Array; sopInstanceUID: string; seriesInstanceUID: string } {
  const { DicomDict, DicomMetaDictionary } = dcmjs.data;
  const meta = DicomMetaDictionary.denaturalizeDataset({
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: sopClassUID,
    MediaStorageSOPInstanceUID: sopInstanceUID,
    TransferSyntaxUID: '1.2.840.10008.1.2.1',
    ImplementationClassUID: '2.25.1',
  });
  const kos = sopClassUID === SOP_CLASS.keyObjectSelection;
  const dict = new DicomDict(meta);
  dict.dict = DicomMetaDictionary.denaturalizeDataset({
    SOPClassUID: sopClassUID,
    SOPInstanceUID: sopInstanceUID,
    StudyInstanceUID: study.studyInstanceUID,
    SeriesInstanceUID: seriesInstanceUID,
    PatientID: study.patientID,
    PatientName: study.patientName,
    PatientBirthDate: study.patientBirthDate,
    Modality: kos ? 'KO' : 'SR',
    SeriesNumber: 901,
    InstanceNumber: 1,
    ContentDate: '20250312',
    ContentTime: '090000',
    ValueType: 'CONTAINER',
    ContinuityOfContent: 'SEPARATE',
    ConceptNameCodeSequence: [{ CodeValue: '18748-4', CodingSchemeDesignator: 'LN', CodeMeaning: 'Second opinion' }],
    CurrentRequestedProcedureEvidenceSequence: evidence(references),
    ContentSequence: references.map((r) => ({
      RelationshipType: 'CONTAINS',
      ValueType: 'IMAGE',
      ReferencedSOPSequence: [{ ReferencedSOPClassUID: r.sopClass, ReferencedSOPInstanceUID: r.instance }],
    })),
  });
  return { bytes: new Uint8Array(dict.write()), sopInstanceUID, seriesInstanceUID };
}

function evidence(references: readonly Reference[]) {
  const studies = [...new Set(references.map((r) => r.study))];
  return studies.map((study) => {
    const inStudy = references.filter((r) => r.study === study);
    return {
      StudyInstanceUID: study,
      ReferencedSeriesSequence: [...new Set(inStudy.map((r) => r.series))].map((series) => ({
        SeriesInstanceUID: series,
        ReferencedSOPSequence: inStudy
          .filter((r) => r.series === series)
          .map((r) => ({ ReferencedSOPClassUID: r.sopClass, ReferencedSOPInstanceUID: r.instance })),
      })),
    };
  });
}

/** A STOW-RS body of these instances: the payload and its Content-Type. */
export function stowBody(instances: readonly Uint8Array[]): { payload: Buffer; contentType: string } {
  const boundary = `reply-${randomUUID()}`;
  const chunks: Buffer[] = [];
  for (const bytes of instances) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`), Buffer.from(bytes));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    contentType: `multipart/related; type="application/dicom"; boundary=${boundary}`,
  };
}
