import type { DicomJsonDataset, DicomJsonElement, DicomJsonValue, PersonNameValue } from '../../dicom/json';
import { keywordOf } from '../../dicom/tags';

/** One line of the tag browser; sequences carry their items. */
export interface TagRow {
  readonly tag: string;
  readonly keyword: string;
  readonly vr: string;
  readonly value: string;
  readonly items?: readonly (readonly TagRow[])[];
}

const MAX_VALUE_LENGTH = 240;

function valueText(value: DicomJsonValue): string {
  if (value === null) return '';
  if (typeof value === 'object') {
    // A nested data set is a record too, so `in` alone cannot narrow it away.
    const name = value as PersonNameValue;
    return 'Alphabetic' in value || 'Ideographic' in value
      ? [name.Alphabetic, name.Ideographic, name.Phonetic].filter(Boolean).join(' = ')
      : '';
  }
  return String(value);
}

function elementText(element: DicomJsonElement): string {
  if (element.BulkDataURI !== undefined) return '(bulk data)';
  if (element.InlineBinary !== undefined) return `(${Math.floor((element.InlineBinary.length * 3) / 4)} bytes)`;
  const text = (element.Value ?? []).map(valueText).join('\\');
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH)}…` : text;
}

/** Rows for a dataset in tag order, private tags included (they are named "Private" when unknown). */
export function tagRows(dataset: DicomJsonDataset): TagRow[] {
  return Object.keys(dataset)
    .sort()
    .map((tag) => {
      const element = dataset[tag]!;
      const group = parseInt(tag.slice(0, 4), 16);
      const keyword = keywordOf(tag) ?? (group % 2 === 1 ? 'Private' : 'Unknown');
      const row = { tag: `(${tag.slice(0, 4)},${tag.slice(4)})`, keyword, vr: element.vr };
      if (element.vr !== 'SQ') return { ...row, value: elementText(element) };
      const items = (element.Value ?? []).filter(
        (item): item is DicomJsonDataset => typeof item === 'object' && item !== null && !('Alphabetic' in item),
      );
      return { ...row, value: `${items.length} item${items.length === 1 ? '' : 's'}`, items: items.map(tagRows) };
    });
}

/** Rows matching a search (tag, keyword or value, case-insensitive); a sequence stays when anything inside matches. */
export function filterRows(rows: readonly TagRow[], query: string): TagRow[] {
  const needle = query.trim().toLowerCase();
  if (!needle) return [...rows];
  const matches = (row: TagRow) =>
    [row.tag, row.tag.replace(/[(),]/g, ''), row.keyword, row.value].some((text) =>
      text.toLowerCase().includes(needle),
    );
  return rows.flatMap((row) => {
    if (matches(row)) return [row];
    if (!row.items) return [];
    const items = row.items.map((item) => filterRows(item, needle));
    return items.some((item) => item.length) ? [{ ...row, items }] : [];
  });
}
