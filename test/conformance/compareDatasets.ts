import type { DicomJsonDataset, DicomJsonElement, DicomJsonValue } from '../../src/dicom/json';

/**
 * Attribute-by-attribute comparison of two DICOM JSON datasets, after normalising only what
 * DICOM itself says carries no meaning: trailing padding of text values (PS3.5 6.2), empty PN
 * component groups (PS3.5 6.2.1), number spelling (PS3.18 F.2.3: DS and IS are JSON numbers), an
 * absent Value versus an empty one, and the host/root of URLs. What remains is reported, never
 * judged here: the allow-list decides.
 */

export type DifferenceKind =
  /** Orthanc has the attribute, SecondRead has not. */
  | 'missing'
  /** SecondRead has the attribute, Orthanc has not. */
  | 'extra'
  | 'vr'
  | 'value'
  /** Sequences with a different number of items. */
  | 'items'
  /** Bulk values whose equality needs the bytes: BulkDataURI vs InlineBinary, or URIs at different paths. */
  | 'bulk';

export interface Difference {
  /** Tags and item indexes, e.g. "00400260" or "00880200[0].7FE00010". */
  path: string;
  /** The tag the difference is about (the last one of the path). */
  tag: string;
  /** Tags of the enclosing sequences, outermost first. */
  parents: string[];
  kind: DifferenceKind;
  orthanc?: DicomJsonElement;
  ours?: DicomJsonElement;
}

/** Turns a server's absolute URL into the part after its DICOMweb root, tags upper-cased. */
export type RelativeUrl = (url: string) => string;

export function diffDatasets(orthanc: DicomJsonDataset, ours: DicomJsonDataset, relative: RelativeUrl): Difference[] {
  const out: Difference[] = [];
  walk(orthanc, ours, [], '', relative, out);
  return out;
}

function walk(
  orthanc: DicomJsonDataset,
  ours: DicomJsonDataset,
  parents: string[],
  prefix: string,
  relative: RelativeUrl,
  out: Difference[],
) {
  for (const tag of [...new Set([...Object.keys(orthanc), ...Object.keys(ours)])].sort()) {
    const a = orthanc[tag];
    const b = ours[tag];
    const path = `${prefix}${tag}`;
    const at = (kind: DifferenceKind) => out.push({ path, tag, parents, kind, orthanc: a, ours: b });
    if (a === undefined) at('extra');
    else if (b === undefined) at('missing');
    else if (a.vr !== b.vr) at('vr');
    else if (a.vr === 'SQ') {
      const itemsA = (a.Value ?? []) as DicomJsonDataset[];
      const itemsB = (b.Value ?? []) as DicomJsonDataset[];
      if (itemsA.length !== itemsB.length) at('items');
      itemsA
        .slice(0, itemsB.length)
        .forEach((item, i) => walk(item, itemsB[i]!, [...parents, tag], `${path}[${i}].`, relative, out));
    } else if (
      a.BulkDataURI !== undefined ||
      b.BulkDataURI !== undefined ||
      a.InlineBinary !== undefined ||
      b.InlineBinary !== undefined
    ) {
      const sameUri =
        a.BulkDataURI !== undefined &&
        b.BulkDataURI !== undefined &&
        relative(a.BulkDataURI) === relative(b.BulkDataURI);
      const sameInline = a.InlineBinary !== undefined && a.InlineBinary === b.InlineBinary;
      if (!sameUri && !sameInline) at('bulk');
    } else if (JSON.stringify(values(a, relative)) !== JSON.stringify(values(b, relative))) at('value');
  }
}

/** The element's values in canonical form. */
function values(element: DicomJsonElement, relative: RelativeUrl): unknown[] {
  return (element.Value ?? []).map((value) => canonical(element.vr, value, relative));
}

function canonical(vr: string, value: DicomJsonValue, relative: RelativeUrl): unknown {
  if (value === null) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    if (vr === 'UR') return relative(value);
    if (vr === 'DS' || vr === 'IS') return value.trim() === '' ? null : Number(value);
    return value.replace(/[ \0]+$/, '');
  }
  if (vr === 'PN') {
    const groups = Object.entries(value)
      .map(([group, text]) => [group, typeof text === 'string' ? text.replace(/[\^ ]+$/, '') : text] as const)
      .filter(([, text]) => text !== '');
    return Object.fromEntries(groups);
  }
  return value;
}

/** Removes whichever of the servers' DICOMweb roots a URL starts with; bulk data tags upper-cased (servers differ in case only). */
export function relativeTo(roots: string[]): RelativeUrl {
  return (url) => {
    const root = roots.find((r) => url.startsWith(`${r}/`));
    const rest = root === undefined ? url : url.slice(root.length);
    return rest.replace(/\/bulk\/[0-9a-f/]+$/i, (part) => `/bulk/${part.slice('/bulk/'.length).toUpperCase()}`);
  };
}
