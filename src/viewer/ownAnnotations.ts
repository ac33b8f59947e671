/** The parts of a Cornerstone annotation that say where it is drawn (Cornerstone's own type is wider). */
interface PlacedAnnotation {
  readonly annotationUID?: string;
  readonly metadata?: { readonly referencedImageId?: string };
}

/**
 * The reader's own annotations on one image: what Delete may remove. Locked ones are measurements
 * read from a stored report (or the reader's, once sent): the report still says them, so they stay.
 */
export function ownAnnotationsOn(
  annotations: readonly PlacedAnnotation[],
  imageId: string,
  isLocked: (annotationUID: string) => boolean,
): string[] {
  return annotations.flatMap((item) =>
    item.annotationUID && item.metadata?.referencedImageId === imageId && !isLocked(item.annotationUID)
      ? [item.annotationUID]
      : [],
  );
}
