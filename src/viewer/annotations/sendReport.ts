import type { DicomJsonDataset } from '../../dicom/json';
import type { SrCode } from '../../dicom/sr/codes';
import type { Opinion } from '../../dicom/sr/opinion';
import type { ImageRef, InstanceRef } from '../../dicom/sr/references';
import { studyContextOf } from '../../dicom/sr/studyContext';
import { newUid } from '../../dicom/uid';
import type { DicomwebClient } from '../../dicomweb/client';
import { reportLibraries } from './reportLibraries';

/** The parts of a Cornerstone annotation the adapters read when writing it. */
export interface ReportableAnnotation {
  readonly annotationUID?: string;
  readonly metadata?: { readonly toolName: string; readonly referencedImageId?: string };
  readonly data: { readonly label?: string; readonly text?: string };
}

type ToolState = Record<string, Record<string, { data: ReportableAnnotation[] }>>;

/**
 * The adapters' tool state (image id → tool → annotations) for the annotations they can write,
 * labels trimmed: a blank label writes no comment, and an arrow's label is its text.
 */
export function measurementToolState(
  annotations: readonly ReportableAnnotation[],
  supported: (toolName: string) => boolean,
): ToolState {
  const state: ToolState = {};
  for (const annotation of annotations) {
    const toolName = annotation.metadata?.toolName;
    const referencedImageId = annotation.metadata?.referencedImageId;
    if (!toolName || !referencedImageId || !supported(toolName)) continue;
    const label = (annotation.data.label ?? '').trim();
    const data = { ...annotation.data, label: label || undefined };
    const written = { ...annotation, data: toolName === 'ArrowAnnotate' ? { ...data, text: label } : data };
    const tools = (state[referencedImageId] ??= {});
    (tools[toolName] ??= { data: [] }).data.push(written);
  }
  return state;
}

interface SendInput {
  readonly client: DicomwebClient;
  /** Any instance of the study (DICOM JSON): patient and study attributes are copied from it. */
  readonly studyInstance: DicomJsonDataset;
  /** The reader's editable annotations on images of this study. */
  readonly annotations: readonly ReportableAnnotation[];
  readonly keyImages: readonly { readonly image: ImageRef; readonly note: string }[];
  readonly opinion: Opinion;
  readonly observer: string;
  readonly keyObjectTitle: SrCode;
  readonly predecessor?: InstanceRef;
}

interface SentDocuments {
  readonly sr: Uint8Array;
  readonly srRef: InstanceRef;
  readonly kos?: Uint8Array;
  readonly kosRef?: InstanceRef;
  /** The SR, then the KOS, as DICOM JSON: what a reader of the study gets back. */
  readonly stored: readonly DicomJsonDataset[];
  /** The annotations the SR holds. */
  readonly annotationUIDs: readonly string[];
}

/**
 * Builds the SR (TID 1500 with the adapters' measurement groups, the opinion, key image notes) and
 * the KOS, and stores them into the study with STOW-RS. Throws what the archive or gateway said.
 */
export async function sendReport(input: SendInput): Promise<SentDocuments> {
  const [{ MeasurementReport, metadata }, { buildReplyDocuments }, { part10ToJson }] = await Promise.all([
    reportLibraries(),
    import('../../dicom/sr/replyDocuments'),
    import('../../dicom/part10Json'),
  ]);
  const toolState = measurementToolState(input.annotations, (tool) =>
    MeasurementReport.measurementAdapterByToolType.has(tool),
  );
  const written = Object.values(toolState).flatMap((tools) => Object.values(tools).flatMap(({ data }) => data));
  const measurementReport =
    written.length > 0
      ? (MeasurementReport.generateReport(toolState, metadata, {}) as { dataset: Record<string, unknown> }).dataset
      : undefined;
  const study = studyContextOf(input.studyInstance);
  const documents = buildReplyDocuments({
    study,
    observer: input.observer,
    opinion: input.opinion,
    keyImages: input.keyImages,
    keyObjectTitle: input.keyObjectTitle,
    ...(measurementReport && { measurementReport }),
    ...(input.predecessor && { predecessor: input.predecessor }),
    now: new Date(),
    newUid,
  });
  const files = documents.kos ? [documents.sr, documents.kos] : [documents.sr];
  await input.client.store(study.studyInstanceUID, files);
  return {
    ...documents,
    stored: files.map((file) => part10ToJson(file).dataset),
    annotationUIDs: written.flatMap((annotation) => (annotation.annotationUID ? [annotation.annotationUID] : [])),
  };
}
