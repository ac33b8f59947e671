import type { Opinion } from '../../dicom/sr/opinion';
import type { ImageRef, InstanceRef } from '../../dicom/sr/references';

/** Browser storage as the app passes it (localStorage). */
export interface DraftStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/**
 * A Cornerstone annotation as saved: keyed by SOP Instance UID and frame, since the image id it
 * was drawn on may differ after a reload (another origin, another loader scheme).
 */
export interface SavedAnnotation {
  readonly sopInstanceUID: string;
  readonly frameNumber?: number;
  readonly annotation: Record<string, unknown>;
  /**
   * Its statistics on its image, as Cornerstone last worked them out: an annotation on an image not
   * shown again before sending must still report its values.
   */
  readonly stats?: Record<string, unknown>;
}

export interface Draft {
  readonly opinion: Opinion;
  readonly keyImages: readonly { readonly image: ImageRef; readonly note: string }[];
  readonly annotations: readonly SavedAnnotation[];
}

export const EMPTY_OPINION: Opinion = { findings: '', impression: '' };

function isEmptyDraft(draft: Draft): boolean {
  return (
    !draft.opinion.findings.trim() &&
    !draft.opinion.impression.trim() &&
    draft.keyImages.length === 0 &&
    draft.annotations.length === 0
  );
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** Typed arrays (gl-matrix points) as plain arrays, so they survive JSON. */
const plainArrays = (_key: string, value: unknown) =>
  ArrayBuffer.isView(value) ? Array.from(value as unknown as ArrayLike<number>) : value;

/**
 * An annotation as it is saved: without its image id (statistics are kept apart, since Cornerstone
 * keys them by image id); selection and highlight are the session's, not the draft's.
 */
export function savedAnnotation(
  annotation: object,
  image: Pick<ImageRef, 'sopInstanceUID' | 'frameNumber'>,
): SavedAnnotation {
  const copy = JSON.parse(JSON.stringify(annotation, plainArrays)) as Record<string, unknown> & {
    metadata?: Record<string, unknown>;
    data?: Record<string, unknown>;
  };
  delete copy.isSelected;
  delete copy.highlighted;
  delete copy.invalidated;
  const imageId = copy.metadata?.referencedImageId;
  const stats = isRecord(copy.data?.cachedStats) ? copy.data.cachedStats[`imageId:${String(imageId)}`] : undefined;
  if (copy.metadata) {
    delete copy.metadata.referencedImageId;
    delete copy.metadata.referencedImageURI;
  }
  if (copy.data) delete copy.data.cachedStats;
  return {
    sopInstanceUID: image.sopInstanceUID,
    ...(image.frameNumber !== undefined && { frameNumber: image.frameNumber }),
    annotation: copy,
    ...(isRecord(stats) && { stats }),
  };
}

/** A saved annotation back on an image id of this session, its statistics to be checked on the next render. */
export function restoredAnnotation(saved: SavedAnnotation, imageId: string): Record<string, unknown> {
  const copy = structuredClone(saved.annotation) as Record<string, unknown> & {
    metadata?: Record<string, unknown>;
    data?: Record<string, unknown>;
  };
  return {
    ...copy,
    invalidated: true,
    metadata: { ...copy.metadata, referencedImageId: imageId },
    data: { ...copy.data, cachedStats: saved.stats ? { [`imageId:${imageId}`]: saved.stats } : {} },
  };
}

const isString = (value: unknown): value is string => typeof value === 'string';

function isImageRef(value: unknown): value is ImageRef {
  return (
    isRecord(value) &&
    isString(value.sopInstanceUID) &&
    isString(value.seriesInstanceUID) &&
    isString(value.studyInstanceUID) &&
    isString(value.sopClassUID) &&
    (value.frameNumber === undefined || typeof value.frameNumber === 'number')
  );
}

/** A draft read back from storage; anything else (another version, a hand edit) reads as no draft. */
export function parseDraft(text: string | null): Draft | undefined {
  if (!text) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(value) || !isRecord(value.opinion)) return undefined;
  const { findings, impression } = value.opinion;
  const { keyImages, annotations } = value;
  if (!isString(findings) || !isString(impression) || !Array.isArray(keyImages) || !Array.isArray(annotations))
    return undefined;
  return {
    opinion: { findings, impression },
    keyImages: keyImages.filter(
      (item): item is Draft['keyImages'][number] => isRecord(item) && isImageRef(item.image) && isString(item.note),
    ),
    annotations: annotations.filter(
      (item): item is SavedAnnotation =>
        isRecord(item) &&
        isString(item.sopInstanceUID) &&
        isRecord(item.annotation) &&
        isRecord(item.annotation.metadata) &&
        (item.stats === undefined || isRecord(item.stats)),
    ),
  };
}

function parseInstanceRef(text: string | null): InstanceRef | undefined {
  try {
    const value: unknown = text && JSON.parse(text);
    return isRecord(value) &&
      isString(value.studyInstanceUID) &&
      isString(value.seriesInstanceUID) &&
      isString(value.sopInstanceUID) &&
      isString(value.sopClassUID)
      ? {
          studyInstanceUID: value.studyInstanceUID,
          seriesInstanceUID: value.seriesInstanceUID,
          sopInstanceUID: value.sopInstanceUID,
          sopClassUID: value.sopClassUID,
        }
      : undefined;
  } catch {
    return undefined;
  }
}

/** Quiet time after the last change before the draft is written (typing, dragging a handle). */
const SAVE_DELAY_MS = 500;

/**
 * One draft in browser storage under `key`, written a moment after the last change, and the last
 * document sent under `key:sent` (the predecessor of the next one). Storage that refuses a write
 * (private mode, full) loses the draft, not the session.
 */
export class DraftKeeper {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pending: (() => Draft) | undefined;

  constructor(
    private readonly storage: DraftStorage,
    private readonly key: string,
    private readonly delayMs = SAVE_DELAY_MS,
  ) {}

  restore(): Draft | undefined {
    return parseDraft(this.read(this.key));
  }

  /** Saves the draft `current` gives after the quiet time; later calls push the write back. */
  save(current: () => Draft): void {
    this.pending = current;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), this.delayMs);
  }

  /** Writes a pending draft now (the viewer is closing). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const current = this.pending;
    this.pending = undefined;
    if (!current) return;
    const draft = current();
    if (isEmptyDraft(draft)) this.remove(this.key);
    else this.write(this.key, JSON.stringify(draft));
  }

  /** The draft was sent: forget it, pending write included, and remember what it became. */
  sent(document: InstanceRef): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = undefined;
    this.remove(this.key);
    this.write(`${this.key}:sent`, JSON.stringify(document));
  }

  lastSent(): InstanceRef | undefined {
    return parseInstanceRef(this.read(`${this.key}:sent`));
  }

  private read(key: string): string | null {
    try {
      return this.storage.getItem(key);
    } catch {
      return null;
    }
  }

  private write(key: string, value: string): void {
    try {
      this.storage.setItem(key, value);
    } catch {
      // Quota or privacy settings: the draft lives on in the page only.
    }
  }

  private remove(key: string): void {
    try {
      this.storage.removeItem(key);
    } catch {
      // As above.
    }
  }
}
