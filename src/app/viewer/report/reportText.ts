import { firstNumber, firstString, type DicomJsonDataset } from '../../../dicom/json';
import type { ImageRef } from '../../../dicom/sr/references';
import { formatShortDateTime } from '../../sharing/formatTime';
import type { KeyImage, SendState, SeriesEntry, StudyReport } from '../../../viewer/viewerState';

/**
 * "2026-12-06 10:12" from a DICOM-derived local date-time ("2026-12-06T10:12:00"), read as
 * written: the document's time is the author's wall clock, not a moment to convert.
 */
export function formatReportWhen(when: string | undefined): string | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}):(\d{2}))?/.exec(when ?? '');
  if (!match) return undefined;
  return match[2] === undefined ? match[1] : `${match[1]} ${match[2]}:${match[3]}`;
}

/** "10:42" in the reader's time zone, for "Opinion sent at 10:42": the time part of the tables' format. */
function formatClockTime(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : formatShortDateTime(ms).slice(-5);
}

/** The line under a stored report's title: who and when, as far as the document says. */
export function reportByline(report: Pick<StudyReport, 'observer' | 'when'>): string {
  const when = formatReportWhen(report.when);
  return [report.observer, when].filter(Boolean).join(' · ') || 'Author and time not recorded';
}

/** What the send button's row says; undefined while nothing was sent. */
export function sendStatusText(send: SendState, kind: 'reply' | 'save'): string | undefined {
  switch (send.status) {
    case 'idle':
      return undefined;
    case 'sending':
      return kind === 'reply' ? 'Sending…' : 'Saving…';
    case 'sent':
      return `${kind === 'reply' ? 'Opinion sent' : 'Saved'} at ${formatClockTime(send.at)}`;
    case 'error':
      return `${kind === 'reply' ? 'Not sent' : 'Not saved'}: ${send.message}`;
  }
}

/**
 * "CT Chest (series 2), image 12 of 140": where an image is, in words a patient can follow,
 * numbered as the viewport's counter ("Im 12 / 140") numbers it so a reader can match the two.
 * `stackIndex` is the image's 0-based place in its series' stack, known once the series is loaded;
 * until then a multi-frame image is named by its frame.
 */
export function imageLabel(image: ImageRef, series: readonly SeriesEntry[], stackIndex?: number): string {
  const entry = series.find((candidate) => candidate.seriesInstanceUID === image.seriesInstanceUID);
  if (!entry) return 'Image from another series';
  const name = `${entry.description || entry.modality || 'Series'}${entry.seriesNumber === undefined ? '' : ` (series ${entry.seriesNumber})`}`;
  if (stackIndex !== undefined) return `${name}, image ${stackIndex + 1} of ${entry.imageCount}`;
  return image.frameNumber === undefined ? name : `${name}, frame ${image.frameNumber}`;
}

/** One image's identity for comparisons: the same instance and, for multi-frame, the same frame. */
export function sameImage(a: ImageRef, b: ImageRef): boolean {
  return a.sopInstanceUID === b.sopInstanceUID && (a.frameNumber ?? 1) === (b.frameNumber ?? 1);
}

/** Distinct key images per series, for the series panel's badges (an image flagged twice counts once). */
export function keyImageCounts(keyImages: readonly { readonly image: ImageRef }[]): ReadonlyMap<string, number> {
  const seen = new Set<string>();
  const counts = new Map<string, number>();
  for (const { image } of keyImages) {
    const id = `${image.sopInstanceUID}/${image.frameNumber ?? 1}`;
    if (seen.has(id)) continue;
    seen.add(id);
    counts.set(image.seriesInstanceUID, (counts.get(image.seriesInstanceUID) ?? 0) + 1);
  }
  return counts;
}

/**
 * The image a viewport shows, as a reference: its instance, and for a multi-frame instance the
 * frame. The viewer reports the slot's image index, not the frame, so the frame is the index
 * plus one, exact for the usual series of one multi-frame instance.
 */
export function shownImageRef(instance: DicomJsonDataset | undefined, imageIndex: number): ImageRef | undefined {
  if (!instance) return undefined;
  const studyInstanceUID = firstString(instance, '0020000D');
  const seriesInstanceUID = firstString(instance, '0020000E');
  const sopInstanceUID = firstString(instance, '00080018');
  const sopClassUID = firstString(instance, '00080016');
  if (!studyInstanceUID || !seriesInstanceUID || !sopInstanceUID || !sopClassUID) return undefined;
  const frames = firstNumber(instance, '00280008') ?? 1;
  return {
    studyInstanceUID,
    seriesInstanceUID,
    sopInstanceUID,
    sopClassUID,
    ...(frames > 1 && { frameNumber: Math.min(imageIndex + 1, frames) }),
  };
}

/** A React key for a key image: the image, and the report that flags it (one image may be flagged twice). */
export function keyImageKey(key: KeyImage): string {
  return `${key.image.sopInstanceUID}/${key.image.frameNumber ?? ''}/${key.reportUID ?? ''}`;
}

/** What each series of reports holds, for the series panel: "Report", or "Key images (2)". */
export function reportNotes(
  reports: readonly Pick<StudyReport, 'seriesInstanceUID' | 'kind' | 'keyImageCount'>[],
): ReadonlyMap<string, string> {
  const notes = new Map<string, string>();
  for (const report of reports) {
    if (notes.has(report.seriesInstanceUID)) continue;
    notes.set(
      report.seriesInstanceUID,
      report.kind === 'keyObjects' ? `Key images (${report.keyImageCount})` : 'Report: click to read',
    );
  }
  return notes;
}
