import type { Types as ToolTypes } from '@cornerstonejs/tools';
import type { DicomJsonDataset } from '../../dicom/json';
import type { SrCode } from '../../dicom/sr/codes';
import type { Opinion } from '../../dicom/sr/opinion';
import type { ImageRef, InstanceRef } from '../../dicom/sr/references';
import type { DicomwebClient } from '../../dicomweb/client';
import { DisposerList } from '../disposers';
import { frameMetadataOf } from '../metadata/metadataStore';
import type { LoadedSeries } from '../seriesLoader';
import type { Store } from '../store';
import { NEW_ARROW_TEXT } from '../tools';
import { loadedTools, loadTools, toolsArrived } from '../toolsLoader';
import type { KeyImage, StudyReport, ViewerState } from '../viewerState';
import { onAnnotationsChanged } from './annotationEvents';
import {
  DraftKeeper,
  EMPTY_OPINION,
  restoredAnnotation,
  savedAnnotation,
  type Draft,
  type DraftStorage,
  type SavedAnnotation,
} from './drafts';
import { ImageIndex, sameImage } from './imageIndex';
import { nextKeyImage, removeKeyImage, setKeyImageNote, toggleKeyImage, withStoredKeyImages } from './keyImages';
import { measurementsOf, sameMeasurements } from './measurementList';
import { referencedImages, ReportOverlays } from './reportOverlays';
import { sendReport } from './sendReport';
import { isReportInstance, newestFirst, readReport } from './studyReports';

export interface SendOptions {
  readonly observer: string;
  readonly keyObjectTitle: SrCode;
  readonly kind: 'reply' | 'save';
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : 'Unknown error';
}

/**
 * One viewer's reading work: the measurements on its images, key images, the reports stored in
 * its studies (listed, drawn, hidden), the draft in browser storage, and sending the reply. The
 * Viewer feeds it loaded series and forwards the reader's calls; state goes to the viewer's store.
 * Measurements are Cornerstone annotations, which exist only once the tools' code has loaded (after
 * the first image): until then the list is empty and a draft's measurements wait.
 */
export class ReportSession {
  readonly index = new ImageIndex();
  private readonly overlays = new ReportOverlays();
  private readonly disposers = new DisposerList();
  /** An instance per study, images preferred: the patient and study attributes a reply copies. */
  private readonly studyInstances = new Map<string, DicomJsonDataset>();
  /** Annotations this viewer put back from the draft. */
  private readonly restored = new Set<string>();
  private pending: SavedAnnotation[] = [];
  private drafts: DraftKeeper | undefined;
  private lastSent: InstanceRef | undefined;
  private disposed = false;

  constructor(
    private readonly store: Store<ViewerState>,
    private readonly client: DicomwebClient,
    private readonly render: () => void,
  ) {
    this.disposers.add(
      onAnnotationsChanged(() => {
        this.refresh();
        // Moving a measurement need not change its values: the draft follows the annotations themselves.
        this.saveDraft();
      }),
    );
    void toolsArrived().then(() => {
      this.restorePending();
      this.refresh();
    });
  }

  /** A series' metadata is in: index its images, list its reports, put back draft annotations on it. */
  seriesLoaded(series: LoadedSeries): void {
    if (this.disposed) return;
    this.index.addSeries(series.seriesInstanceUID, series.imageIds, frameMetadataOf);
    const first = series.instances[0];
    if (first && (series.displayability.displayable || !this.studyInstances.has(series.studyInstanceUID)))
      this.studyInstances.set(series.studyInstanceUID, first);
    const readings = series.instances.filter(isReportInstance).map((instance) => {
      const reading = readReport(instance);
      if (reading.report.kind === 'measurements' && reading.report.document)
        this.overlays.add(reading.report.sopInstanceUID, instance, referencedImages(reading.report.document.items));
      return reading;
    });
    if (readings.length)
      this.addReports(
        readings.map(({ report }) => report),
        readings.flatMap((r) => r.keyImages),
      );
    this.restorePending();
    void this.drawOverlays(false);
    this.refresh();
  }

  /** Every series has loaded (or failed): reports still waiting for images are drawn with what there is. */
  studyLoaded(): void {
    void this.drawOverlays(true);
  }

  private addReports(reports: readonly StudyReport[], keyImages: readonly KeyImage[]): void {
    this.store.update((state) => {
      const known = new Set(state.reports.map((report) => report.sopInstanceUID));
      const added = reports.filter((report) => !known.has(report.sopInstanceUID));
      return {
        ...state,
        reports: newestFirst([...state.reports, ...added]),
        keyImages: withStoredKeyImages(state.keyImages, keyImages),
      };
    });
  }

  private async drawOverlays(all: boolean): Promise<void> {
    const hidden = (reportUID: string) =>
      this.store.getState().reports.find((report) => report.sopInstanceUID === reportUID)?.overlaysShown === false;
    try {
      if (await this.overlays.draw(this.index, all, hidden)) this.render();
    } catch {
      // The adapters could not be fetched: the reports stay listed, and the next loaded series tries again.
    }
  }

  /** Annotations on this viewer's images the reader can still change. */
  private editableAnnotations(): ToolTypes.Annotation[] {
    return (loadedTools()?.annotation.state.getAllAnnotations() ?? []).filter(
      (annotation) =>
        annotation.annotationUID !== undefined &&
        this.index.has(annotation.metadata?.referencedImageId) &&
        this.overlays.reportOf(annotation.annotationUID) === undefined,
    );
  }

  /** The measurement list from Cornerstone's annotations, into the store when it changed. */
  private refresh(): void {
    if (this.disposed) return;
    this.clearNewArrowText();
    const measurements = measurementsOf(
      loadedTools()?.annotation.state.getAllAnnotations() ?? [],
      (imageId) => this.index.refOf(imageId),
      (uid) => this.overlays.reportOf(uid),
    );
    this.store.update((state) =>
      sameMeasurements(state.measurements, measurements) ? state : { ...state, measurements },
    );
  }

  /** An arrow drawn just now carries the placeholder text the tool needs to keep it; it has no text yet. */
  private clearNewArrowText(): void {
    let cleared = false;
    for (const annotation of this.editableAnnotations()) {
      if (annotation.metadata?.toolName !== 'ArrowAnnotate' || annotation.data.label !== NEW_ARROW_TEXT) continue;
      annotation.data.label = '';
      annotation.data.text = '';
      cleared = true;
    }
    if (cleared) this.render();
  }

  // Measurements. A listed measurement is an annotation, so the tools have loaded when these are called.

  deleteMeasurement(uid: string): void {
    if (this.overlays.reportOf(uid) !== undefined) return;
    loadedTools()?.annotation.state.removeAnnotation(uid);
    this.render();
  }

  labelMeasurement(uid: string, label: string): void {
    const annotation = loadedTools()?.annotation.state.getAnnotation(uid);
    if (!annotation || this.overlays.reportOf(uid) !== undefined) return;
    // The adapters write `data.label` as the measurement's comment; an arrow shows and reads back `text`.
    annotation.data.label = label;
    if (annotation.metadata?.toolName === 'ArrowAnnotate') annotation.data.text = label;
    this.render();
    this.refresh();
    this.saveDraft();
  }

  measurementImage(uid: string): ImageRef | undefined {
    return this.store.getState().measurements.find((measurement) => measurement.uid === uid)?.image;
  }

  setReportOverlays(sopInstanceUID: string, shown: boolean): void {
    this.overlays.setShown(sopInstanceUID, shown);
    this.store.update((state) => ({
      ...state,
      reports: state.reports.map((report) =>
        report.sopInstanceUID === sopInstanceUID ? { ...report, overlaysShown: shown } : report,
      ),
    }));
    this.render();
  }

  // Key images and opinion.

  toggleKeyImage(image: ImageRef): void {
    this.store.update((state) => ({ ...state, keyImages: toggleKeyImage(state.keyImages, image) }));
    this.saveDraft();
  }

  setKeyImageNote(image: ImageRef, note: string): void {
    this.store.update((state) => ({ ...state, keyImages: setKeyImageNote(state.keyImages, image, note) }));
    this.saveDraft();
  }

  removeKeyImage(image: ImageRef): void {
    this.store.update((state) => ({ ...state, keyImages: removeKeyImage(state.keyImages, image) }));
    this.saveDraft();
  }

  /** The key image after `current` in panel order, then stack order; wraps around. */
  nextKeyImage(current: ImageRef | undefined): ImageRef | undefined {
    const { keyImages, series } = this.store.getState();
    const seriesOrder = (uid: string) => {
      const index = series.findIndex((entry) => entry.seriesInstanceUID === uid);
      return index < 0 ? series.length : index;
    };
    return nextKeyImage(keyImages, current, (image) => {
      const position = this.index.positionOf(image);
      return [seriesOrder(position?.seriesInstanceUID ?? image.seriesInstanceUID), position?.index ?? 0];
    });
  }

  setOpinion(opinion: Opinion): void {
    this.store.update((state) => ({ ...state, opinion }));
    this.saveDraft();
  }

  // Drafts.

  /** Restores the draft kept under `key`, then keeps it: every change is saved (debounced) until sent. */
  keepDrafts(storage: DraftStorage, key: string): void {
    this.drafts?.flush();
    const drafts = new DraftKeeper(storage, key);
    this.drafts = drafts;
    // A reload or a closed tab inside the save delay would lose the last keystrokes.
    const flush = () => drafts.flush();
    globalThis.addEventListener('pagehide', flush);
    this.disposers.add(() => globalThis.removeEventListener('pagehide', flush));
    this.lastSent = drafts.lastSent() ?? this.lastSent;
    const draft = drafts.restore();
    if (draft) {
      this.store.update((state) => ({
        ...state,
        opinion: draft.opinion,
        keyImages: [
          ...state.keyImages.filter((item) => item.readOnly),
          ...draft.keyImages.map((item) => ({ ...item, readOnly: false })),
        ],
      }));
      this.pending = [...draft.annotations];
      this.restorePending();
    }
  }

  /** Saves the draft a moment after the last change, when drafts are kept. */
  private saveDraft(): void {
    this.drafts?.save(() => this.currentDraft());
  }

  private currentDraft(): Draft {
    const state = this.store.getState();
    const saved = this.editableAnnotations().flatMap((annotation) => {
      const image = this.index.refOf(annotation.metadata?.referencedImageId);
      return image ? [savedAnnotation(annotation, image)] : [];
    });
    return {
      opinion: state.opinion,
      keyImages: state.keyImages.filter((item) => !item.readOnly).map(({ image, note }) => ({ image, note })),
      // Those not back on an image yet (their series still loading) stay in the draft.
      annotations: [...saved, ...this.pending],
    };
  }

  /** Puts draft annotations back on the images that are loaded now. */
  private restorePending(): void {
    const annotations = loadedTools()?.annotation;
    if (this.disposed || !annotations || this.pending.length === 0) return;
    const waiting: SavedAnnotation[] = [];
    for (const saved of this.pending) {
      const position = this.index.positionOf(saved);
      if (!position) {
        waiting.push(saved);
        continue;
      }
      const annotation = restoredAnnotation(saved, position.imageId) as unknown as ToolTypes.Annotation;
      // A group key, not a viewport: the annotation lands in its frame of reference's group.
      const uid = annotations.state.addAnnotation(annotation, annotation.metadata?.FrameOfReferenceUID ?? '');
      this.restored.add(uid);
    }
    this.pending = waiting;
    this.render();
  }

  // Sending.

  /** The study a send goes to: that of the active viewport's series, else the first open. */
  private studyToSend(): string | undefined {
    const state = this.store.getState();
    const series = state.slots[state.activeSlot]?.seriesInstanceUID;
    const entry = state.series.find((candidate) => candidate.seriesInstanceUID === series);
    return entry?.studyInstanceUID ?? state.studyInstanceUIDs[0];
  }

  async send({ observer, keyObjectTitle }: SendOptions): Promise<void> {
    const setSend = (send: ViewerState['send']) => this.store.update((current) => ({ ...current, send }));
    // The draft's measurements are annotations only once the tools are here (after the first image).
    if (!loadedTools()) {
      try {
        await loadTools();
      } catch {
        setSend({ status: 'error', message: 'The measurement tools could not be loaded; try again in a moment' });
        return;
      }
      if (this.disposed) return;
      this.restorePending();
    }
    const state = this.store.getState();
    if (state.send.status === 'sending') return;
    const study = this.studyToSend();
    const studyInstance = study === undefined ? undefined : this.studyInstances.get(study);
    if (!study || !studyInstance) {
      setSend({ status: 'error', message: 'The study is still loading; try again in a moment' });
      return;
    }
    const inStudy = (image: ImageRef) => image.studyInstanceUID === study;
    const measured = this.editableAnnotations().filter((annotation) => {
      const image = this.index.refOf(annotation.metadata?.referencedImageId);
      return image !== undefined && inStudy(image);
    });
    const keyImages = state.keyImages.filter((item) => !item.readOnly && inStudy(item.image));
    const { opinion } = state;
    if (!opinion.findings.trim() && !opinion.impression.trim() && measured.length === 0 && keyImages.length === 0) {
      setSend({ status: 'error', message: 'Nothing to send yet: write an opinion, measure or mark a key image' });
      return;
    }
    setSend({ status: 'sending' });
    let sent;
    try {
      sent = await sendReport({
        client: this.client,
        studyInstance,
        annotations: measured,
        keyImages,
        opinion,
        observer,
        keyObjectTitle,
        ...(this.lastSent && { predecessor: this.lastSent }),
      });
    } catch (error) {
      if (!this.disposed) setSend({ status: 'error', message: describeError(error) });
      return;
    }
    if (this.disposed) return;
    this.lastSent = sent.srRef;
    this.drafts?.sent(sent.srRef);
    this.overlays.adopt(sent.srRef.sopInstanceUID, sent.annotationUIDs);
    const readings = sent.stored.map(readReport);
    this.store.update((current) => ({
      ...current,
      opinion: EMPTY_OPINION,
      keyImages: current.keyImages.filter(
        (item) => item.readOnly || !keyImages.some((sentImage) => sameImage(sentImage.image, item.image)),
      ),
      send: { status: 'sent', at: new Date().toISOString(), srInstanceUID: sent.srRef.sopInstanceUID },
    }));
    this.addReports(
      readings.map(({ report }) => report),
      readings.flatMap((reading) => reading.keyImages),
    );
    this.refresh();
    this.render();
  }

  /** Saves a pending draft, removes what this viewer drew or put back, and stops listening. */
  dispose(): void {
    if (this.disposed) return;
    this.drafts?.flush();
    this.disposed = true;
    this.disposers.dispose();
    this.overlays.dispose();
    for (const uid of this.restored) loadedTools()?.annotation.state.removeAnnotation(uid);
    this.restored.clear();
  }
}
