import { firstString, type DicomJsonDataset } from '../json';
import { CODES, sameCode, type SrCode } from './codes';
import { readSrDocument } from './srDocument';
import type { ImageRef } from './references';

export const KEY_OBJECT_SELECTION_SOP_CLASS = '1.2.840.10008.5.1.4.1.1.88.59';

/** A Key Object Selection document (PS3.3 A.35.4, TID 2010): the flagged images and why. */
interface KeyObjectSelection {
  readonly title?: SrCode;
  readonly description?: string;
  readonly observers: readonly string[];
  readonly images: readonly ImageRef[];
}

export function isKeyObjectSelection(dataset: DicomJsonDataset): boolean {
  return firstString(dataset, '00080016') === KEY_OBJECT_SELECTION_SOP_CLASS;
}

/** The root's IMAGE items, located through the evidence sequence; other composites are not key images. */
export function readKeyObjectSelection(dataset: DicomJsonDataset): KeyObjectSelection {
  const document = readSrDocument(dataset);
  const description = document.items.find(
    (item) => item.kind === 'text' && sameCode(item.concept, CODES.keyObjectDescription),
  );
  return {
    ...(document.title ? { title: document.title } : {}),
    ...(description?.kind === 'text' ? { description: description.text } : {}),
    observers: document.observers,
    images: document.items.flatMap((item) => (item.kind === 'image' ? [item.reference] : [])),
  };
}
