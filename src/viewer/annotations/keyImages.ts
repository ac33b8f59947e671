import type { ImageRef } from '../../dicom/sr/references';
import type { KeyImage } from '../viewerState';
import { imageKey, sameImage } from './imageIndex';

/**
 * The reader's key images next to those of stored documents (read-only). Pure list operations;
 * only the reader's own entries change.
 */

const own = (item: KeyImage, image: ImageRef) => !item.readOnly && sameImage(item.image, image);

/** Marks the image, or unmarks it when the reader had marked it already. */
export function toggleKeyImage(list: readonly KeyImage[], image: ImageRef): KeyImage[] {
  return list.some((item) => own(item, image))
    ? list.filter((item) => !own(item, image))
    : [...list, { image, note: '', readOnly: false }];
}

export function setKeyImageNote(list: readonly KeyImage[], image: ImageRef, note: string): KeyImage[] {
  return list.map((item) => (own(item, image) ? { ...item, note } : item));
}

export function removeKeyImage(list: readonly KeyImage[], image: ImageRef): KeyImage[] {
  return list.filter((item) => !own(item, image));
}

/** Where an image comes in reading order: its series' place in the panel, then its place in the stack. */
type ReadingOrder = (image: ImageRef) => readonly [series: number, index: number];

/**
 * The key image after `current` in reading order, across series, wrapping around to the first;
 * an image marked twice (by the reader and in a document) is one stop.
 */
export function nextKeyImage(
  list: readonly KeyImage[],
  current: ImageRef | undefined,
  order: ReadingOrder,
): ImageRef | undefined {
  const unique = new Map(list.map((item) => [imageKey(item.image), item.image]));
  const sorted = [...unique.values()]
    .map((image) => ({ image, at: order(image) }))
    .sort((a, b) => a.at[0] - b.at[0] || a.at[1] - b.at[1]);
  if (!current) return sorted[0]?.image;
  const [series, index] = order(current);
  const after = sorted.find(({ at }) => at[0] > series || (at[0] === series && at[1] > index));
  return (after ?? sorted[0])?.image;
}

/**
 * Adds key images of stored documents, each under its document (an image a reply's SR notes and
 * its KOS both flag is listed under both); one the list holds for that document already is not added again.
 */
export function withStoredKeyImages(list: readonly KeyImage[], stored: readonly KeyImage[]): KeyImage[] {
  const result = [...list];
  for (const item of stored) {
    const known = result.some(
      (existing) => existing.readOnly && existing.reportUID === item.reportUID && sameImage(existing.image, item.image),
    );
    if (!known) result.push(item);
  }
  return result;
}
