import { CODES, sameCode, type SrCode } from './codes';
import type { ImageRef } from './references';
import type { SrDocument, SrItem } from './srDocument';

/** A reader's written opinion; either part may be ''. */
export interface Opinion {
  readonly findings: string;
  readonly impression: string;
}

function allItems(items: readonly SrItem[]): SrItem[] {
  return items.flatMap((item) => [item, ...allItems(item.children)]);
}

function textsOf(items: readonly SrItem[], concept: SrCode): string[] {
  return items.flatMap((item) => (item.kind === 'text' && sameCode(item.concept, concept) ? [item.text] : []));
}

/** The Finding and Impression TEXT items anywhere in the tree; undefined when there are none. */
export function opinionOf(document: SrDocument): Opinion | undefined {
  const items = allItems(document.items);
  const findings = textsOf(items, CODES.finding);
  const impression = textsOf(items, CODES.impression);
  if (findings.length === 0 && impression.length === 0) return undefined;
  return { findings: findings.join('\n\n'), impression: impression.join('\n\n') };
}

/** Notes on key images: Key Object Description TEXT items inferred from an IMAGE (how SecondRead writes them). */
export function keyImageNotesOf(document: SrDocument): readonly { image: ImageRef; note: string }[] {
  return allItems(document.items).flatMap((item) => {
    if (item.kind !== 'text' || !sameCode(item.concept, CODES.keyObjectDescription)) return [];
    const image = item.children.find((child) => child.kind === 'image');
    return image?.kind === 'image' ? [{ image: image.reference, note: item.text }] : [];
  });
}
