/** Key Object Selection Document Storage (PS3.4 B.5): a list of key images, not a written report. */
const KEY_OBJECT_SELECTION = '1.2.840.10008.5.1.4.1.1.88.59';

/** What a stored reply holds, by its instances' SOP classes: "SR" (a report), "KOS" (key images) or both. */
export function replyKind(sopClassUIDs: readonly string[]): string {
  const keyObjects = sopClassUIDs.some((uid) => uid === KEY_OBJECT_SELECTION);
  const reports = sopClassUIDs.some((uid) => uid !== KEY_OBJECT_SELECTION);
  if (keyObjects && reports) return 'SR + KOS';
  return keyObjects ? 'KOS (key images)' : 'SR (report)';
}

/**
 * "2 documents" for the shares table: the gateway counts a reply per stored series, and one sent
 * opinion is a report and, with key images, a key-object document. Undefined while none came back.
 */
export function replyDocuments(count: number): string | undefined {
  if (count <= 0) return undefined;
  return count === 1 ? '1 document' : `${count} documents`;
}
