import { CODES } from './codes';
import { documentHeader } from './documentHeader';
import type { Opinion } from './opinion';
import type { ImageRef, InstanceRef } from './references';
import {
  codeItem,
  codeSequence,
  containerItem,
  hierarchicalReferences,
  imageItem,
  observerItems,
  textItem,
  type Naturalized,
} from './srContent';
import type { StudyContext } from './studyContext';

const ENHANCED_SR = '1.2.840.10008.5.1.4.1.1.88.22';
/** SR classes the adapters write a report in: Enhanced SR, or Comprehensive 3D SR for SCOORD3D. */
const MEASUREMENT_SOP_CLASSES = new Set([
  ENHANCED_SR,
  '1.2.840.10008.5.1.4.1.1.88.33',
  '1.2.840.10008.5.1.4.1.1.88.34',
]);

interface ReplyReportInput {
  readonly study: StudyContext;
  readonly observer: string;
  readonly opinion: Opinion;
  readonly notes: readonly { readonly image: ImageRef; readonly note: string }[];
  readonly measurementReport?: Record<string, unknown>;
  readonly predecessor?: InstanceRef;
  readonly now: Date;
  readonly sopInstanceUID: string;
  readonly seriesInstanceUID: string;
}

/** dcmjs naturalizes a one-item sequence to the item itself; the adapters' output mixes both forms. */
function asArray(value: unknown): Naturalized[] {
  if (Array.isArray(value)) return value as Naturalized[];
  return value && typeof value === 'object' ? [value as Naturalized] : [];
}

/** The instances the adapters' report lists as evidence. */
function evidenceOf(report: Naturalized): InstanceRef[] {
  return asArray(report.CurrentRequestedProcedureEvidenceSequence).flatMap((study) =>
    asArray(study.ReferencedSeriesSequence).flatMap((series) =>
      asArray(series.ReferencedSOPSequence).map((sop) => ({
        studyInstanceUID: String(study.StudyInstanceUID),
        seriesInstanceUID: String(series.SeriesInstanceUID),
        sopInstanceUID: String(sop.ReferencedSOPInstanceUID),
        sopClassUID: String(sop.ReferencedSOPClassUID),
      })),
    ),
  );
}

function qualitativeEvaluations(input: ReplyReportInput): Naturalized[] {
  const texts = [
    ...(input.opinion.findings.trim() ? [textItem('CONTAINS', CODES.finding, input.opinion.findings.trim())] : []),
    ...(input.opinion.impression.trim()
      ? [textItem('CONTAINS', CODES.impression, input.opinion.impression.trim())]
      : []),
    // A note stays tied to its image through an INFERRED FROM child, readable back by keyImageNotesOf.
    ...input.notes.map(({ image, note }) =>
      textItem('CONTAINS', CODES.keyObjectDescription, note.trim(), [imageItem('INFERRED FROM', image)]),
    ),
  ];
  return texts.length ? [containerItem('CONTAINS', CODES.qualitativeEvaluations, texts)] : [];
}

/**
 * The reply's SR as a naturalized data set: a TID 1500 Measurement Report whose Image Library and
 * measurement groups are the adapters' (when anything was measured), with the header, observer
 * and evidence written here, and the opinion and key image notes under Qualitative Evaluations.
 * Only the adapters' content is kept: their header says RESEARCH / "NOT FOR CLINICAL USE", names a
 * new evidence item per image, reuses the predecessor's series and identifies a coding scheme
 * (99dcmjs) the content does not use.
 */
export function replyReportDataset(
  input: ReplyReportInput,
): Naturalized & { SOPClassUID: string; SOPInstanceUID: string } {
  const report = input.measurementReport ?? {};
  const reportClass = typeof report.SOPClassUID === 'string' ? report.SOPClassUID : '';
  const sopClassUID = MEASUREMENT_SOP_CLASSES.has(reportClass) ? reportClass : ENHANCED_SR;
  const measurementContent = asArray(report.ContentSequence).filter((item) => item.RelationshipType === 'CONTAINS');
  const evidence = [...evidenceOf(report), ...input.notes.map(({ image }) => image)];
  const hasOpinion = input.opinion.findings.trim() !== '' || input.opinion.impression.trim() !== '';
  return {
    ...documentHeader(input.study, {
      sopClassUID,
      sopInstanceUID: input.sopInstanceUID,
      seriesInstanceUID: input.seriesInstanceUID,
      modality: 'SR',
      seriesNumber: 9001,
      seriesDescription: `Report by ${input.observer}`,
      now: input.now,
    }),
    SOPClassUID: sopClassUID,
    SOPInstanceUID: input.sopInstanceUID,
    // Measurements alone, without a written opinion, are a report still being made.
    CompletionFlag: hasOpinion ? 'COMPLETE' : 'PARTIAL',
    VerificationFlag: 'UNVERIFIED',
    PerformedProcedureCodeSequence: [],
    ...(evidence.length ? { CurrentRequestedProcedureEvidenceSequence: hierarchicalReferences(evidence) } : {}),
    ...(input.predecessor ? { PredecessorDocumentsSequence: hierarchicalReferences([input.predecessor]) } : {}),
    ValueType: 'CONTAINER',
    ConceptNameCodeSequence: codeSequence(CODES.measurementReport),
    ContinuityOfContent: 'SEPARATE',
    ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: '1500' }],
    ContentSequence: [
      codeItem('HAS CONCEPT MOD', CODES.language, CODES.english),
      ...observerItems(input.observer),
      codeItem('HAS CONCEPT MOD', CODES.procedureReported, CODES.imagingProcedure),
      ...measurementContent,
      ...qualitativeEvaluations(input),
    ],
  };
}
