import type { SrCode } from './codes';
import { keyObjectDataset } from './keyObjectDocument';
import type { Opinion } from './opinion';
import { writePart10 } from '../part10Writer';
import type { ImageRef, InstanceRef } from './references';
import { replyReportDataset } from './replyReport';
import type { StudyContext } from './studyContext';

/** What "Send opinion" (and staff "Save") stores. */
export interface ReplyDocumentsInput {
  readonly study: StudyContext;
  /** The share's recipient label, or the staff member's display name. */
  readonly observer: string;
  readonly opinion: Opinion;
  readonly keyImages: readonly { readonly image: ImageRef; readonly note: string }[];
  /** CID 7010. */
  readonly keyObjectTitle: SrCode;
  /** `MeasurementReport.generateReport(...).dataset` from @cornerstonejs/adapters (naturalized); absent when nothing was measured. */
  readonly measurementReport?: Record<string, unknown>;
  /** The SR this one supersedes (a second reply). */
  readonly predecessor?: InstanceRef;
  readonly now: Date;
  /** src/dicom/uid.ts newUid. */
  readonly newUid: () => string;
}

export interface ReplyDocuments {
  /** Part 10, Explicit VR Little Endian, UTF-8 (ISO_IR 192). */
  readonly sr: Uint8Array;
  readonly srRef: InstanceRef;
  /** Only when keyImages is non-empty. */
  readonly kos?: Uint8Array;
  readonly kosRef?: InstanceRef;
}

/** The SR (always) and the KOS (when images were marked), each a new instance in a new series of the study. */
export function buildReplyDocuments(input: ReplyDocumentsInput): ReplyDocuments {
  const sr = replyReportDataset({
    study: input.study,
    observer: input.observer,
    opinion: input.opinion,
    notes: input.keyImages.filter(({ note }) => note.trim() !== ''),
    ...(input.measurementReport ? { measurementReport: input.measurementReport } : {}),
    ...(input.predecessor ? { predecessor: input.predecessor } : {}),
    now: input.now,
    sopInstanceUID: input.newUid(),
    seriesInstanceUID: input.newUid(),
  });
  const srRef = refOf(input.study, sr);
  if (input.keyImages.length === 0) return { sr: writePart10(sr), srRef };
  const kos = keyObjectDataset({
    study: input.study,
    observer: input.observer,
    title: input.keyObjectTitle,
    keyImages: input.keyImages,
    now: input.now,
    sopInstanceUID: input.newUid(),
    seriesInstanceUID: input.newUid(),
  });
  return { sr: writePart10(sr), srRef, kos: writePart10(kos), kosRef: refOf(input.study, kos) };
}

function refOf(
  study: StudyContext,
  dataset: { SOPClassUID: string; SOPInstanceUID: string; SeriesInstanceUID?: unknown },
): InstanceRef {
  return {
    studyInstanceUID: study.studyInstanceUID,
    seriesInstanceUID: String(dataset.SeriesInstanceUID),
    sopInstanceUID: dataset.SOPInstanceUID,
    sopClassUID: dataset.SOPClassUID,
  };
}
