import type { Types as ToolTypes } from '@cornerstonejs/tools';
import type { DicomJsonDataset } from '../../dicom/json';
import type { ImageRef } from '../../dicom/sr/references';
import type { SrItem } from '../../dicom/sr/srDocument';
import { loadedTools, loadTools } from '../toolsLoader';
import type { ImageIndex } from './imageIndex';
import { reportLibraries } from './reportLibraries';
import { addStatUnits, statUnitsByTrackingUid } from './statUnits';

/** Every image an SR's content points at (the images its measurements were drawn on). */
export function referencedImages(items: readonly SrItem[]): ImageRef[] {
  return items.flatMap((item) => [
    ...(item.kind === 'image' ? [item.reference] : []),
    ...referencedImages(item.children),
  ]);
}

interface Waiting {
  readonly dataset: DicomJsonDataset;
  readonly images: readonly ImageRef[];
}

/**
 * Measurements of stored TID 1500 reports, drawn read-only (locked) on the images they were made
 * on, through the adapters' generateToolState. A report waits until the images it references are
 * loaded; the reader's own sent measurements join their report here too.
 */
export class ReportOverlays {
  private readonly waiting = new Map<string, Waiting>();
  private readonly drawn = new Map<string, string[]>();
  private readonly reports = new Map<string, string>();
  private disposed = false;

  /** The stored report an annotation belongs to; undefined for the reader's own, editable ones. */
  reportOf(annotationUID: string): string | undefined {
    return this.reports.get(annotationUID);
  }

  add(reportUID: string, dataset: DicomJsonDataset, images: readonly ImageRef[]): void {
    if (!this.drawn.has(reportUID)) this.waiting.set(reportUID, { dataset, images });
  }

  /**
   * Draws the waiting reports whose images are all loaded, or every waiting one when `all` (the
   * study is loaded: what is missing will not come). Resolves true when it drew anything.
   */
  async draw(index: ImageIndex, all: boolean, hidden: (reportUID: string) => boolean): Promise<boolean> {
    const ready = [...this.waiting].filter(
      ([, { images }]) => all || images.every((image) => index.positionOf(image) !== undefined),
    );
    if (ready.length === 0) return false;
    for (const [reportUID] of ready) this.waiting.delete(reportUID);
    let libraries, tools;
    try {
      // The adapters need the tools' code too: a report in the study brings it early.
      [libraries, tools] = await Promise.all([reportLibraries(), loadTools()]);
    } catch (error) {
      // Offline for a moment: the reports wait for the next chance.
      for (const [reportUID, waiting] of ready) this.waiting.set(reportUID, waiting);
      throw error;
    }
    if (this.disposed) return false;
    const { MeasurementReport, naturalize, metadata } = libraries;
    const annotations = tools.annotation;
    const imageIds = index.sopInstanceUIDToImageIdMap();
    for (const [reportUID, { dataset }] of ready) {
      let toolState: Record<string, readonly { annotation: ToolTypes.Annotation; TrackingUniqueIdentifier?: string }[]>;
      let units: ReturnType<typeof statUnitsByTrackingUid>;
      try {
        const report = naturalize(dataset);
        toolState = MeasurementReport.generateToolState(report, imageIds, metadata, undefined);
        units = statUnitsByTrackingUid(report);
      } catch {
        // Not a measurement report the adapters can read after all: it stays listed as a document.
        continue;
      }
      const uids: string[] = [];
      for (const { annotation, TrackingUniqueIdentifier } of Object.values(toolState).flat()) {
        const uid = annotation.annotationUID;
        if (!uid || !annotation.metadata?.referencedImageId) continue;
        addStatUnits(annotation.data.cachedStats, units.get(TrackingUniqueIdentifier ?? ''));
        this.reports.set(uid, reportUID);
        annotation.isLocked = true;
        // A group key, not a viewport: the annotation lands in its frame of reference's group.
        annotations.state.addAnnotation(annotation, annotation.metadata.FrameOfReferenceUID ?? '');
        annotations.locking.setAnnotationLocked(uid, true);
        if (hidden(reportUID)) annotations.visibility.setAnnotationVisibility(uid, false);
        uids.push(uid);
      }
      this.drawn.set(reportUID, uids);
    }
    return true;
  }

  /** The reader's measurements, now stored in `reportUID`: locked, and shown or hidden with it. */
  adopt(reportUID: string, annotationUIDs: readonly string[]): void {
    for (const uid of annotationUIDs) {
      this.reports.set(uid, reportUID);
      loadedTools()?.annotation.locking.setAnnotationLocked(uid, true);
    }
    this.drawn.set(reportUID, [...(this.drawn.get(reportUID) ?? []), ...annotationUIDs]);
  }

  setShown(reportUID: string, shown: boolean): void {
    // Anything drawn was drawn with the tools: before they load, the loop has nothing to do.
    for (const uid of this.drawn.get(reportUID) ?? [])
      loadedTools()?.annotation.visibility.setAnnotationVisibility(uid, shown);
  }

  /** Removes what it drew; a draw still waiting for the libraries draws nothing. */
  dispose(): void {
    this.disposed = true;
    this.waiting.clear();
    for (const uids of this.drawn.values())
      for (const uid of uids) loadedTools()?.annotation.state.removeAnnotation(uid);
    this.drawn.clear();
  }
}
