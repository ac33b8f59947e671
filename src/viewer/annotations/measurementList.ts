import type { ImageRef } from '../../dicom/sr/references';
import type { Measurement } from '../viewerState';
import { statsFor, summaryOf, toolLabelOf } from './measurementSummary';

/** The parts of a Cornerstone annotation the list reads (Cornerstone's own type is wider). */
export interface AnnotationLike {
  readonly annotationUID?: string;
  readonly metadata?: { readonly toolName: string; readonly referencedImageId?: string };
  readonly data: { readonly label?: string; readonly text?: string; readonly cachedStats?: unknown };
}

/**
 * The measurement list: annotations on this viewer's images (`imageOf` knows them), editable
 * first then those drawn from stored reports (`reportOf` names the report), each in drawing order.
 */
export function measurementsOf(
  annotations: readonly AnnotationLike[],
  imageOf: (imageId: string | undefined) => ImageRef | undefined,
  reportOf: (annotationUID: string) => string | undefined,
): Measurement[] {
  const measurements: Measurement[] = [];
  for (const annotation of annotations) {
    const uid = annotation.annotationUID;
    const tool = annotation.metadata?.toolName;
    const referencedImageId = annotation.metadata?.referencedImageId;
    const image = imageOf(referencedImageId);
    if (!uid || !tool || !image) continue;
    const reportUID = reportOf(uid);
    measurements.push({
      uid,
      tool,
      toolLabel: toolLabelOf(tool),
      label: (annotation.data.label ?? annotation.data.text ?? '').trim(),
      summary: summaryOf(tool, statsFor(annotation.data.cachedStats, referencedImageId)),
      image,
      readOnly: reportUID !== undefined,
      ...(reportUID !== undefined && { reportUID }),
    });
  }
  return [...measurements.filter((m) => !m.readOnly), ...measurements.filter((m) => m.readOnly)];
}

/** Same list, same values: lets the viewer skip a state update while nothing the reader sees changed. */
export function sameMeasurements(a: readonly Measurement[], b: readonly Measurement[]): boolean {
  return a.length === b.length && a.every((item, index) => JSON.stringify(item) === JSON.stringify(b[index]));
}
