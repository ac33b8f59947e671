import { firstString, type DicomJsonDataset } from '../json';
import { CODES, sameCode, type SrCode } from './codes';
import { codeIn, evidenceIndexOf, itemsOf, referenceIn, type EvidenceIndex } from './contentJson';
import type { ImageRef, InstanceRef } from './references';

/** One content item of an SR tree (PS3.3 C.17.3), reduced to what a reader shows. */
export type SrItem = {
  readonly relationship: string;
  readonly concept?: SrCode;
  readonly children: readonly SrItem[];
} & (
  | { readonly kind: 'container' }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'code'; readonly code: SrCode }
  | { readonly kind: 'num'; readonly value: string; readonly unit?: SrCode }
  | { readonly kind: 'date' | 'time' | 'datetime' | 'pname' | 'uidref'; readonly text: string }
  | { readonly kind: 'image' | 'composite'; readonly reference: ImageRef }
  | { readonly kind: 'scoord' | 'scoord3d' | 'tcoord' | 'waveform'; readonly graphicType: string }
  | { readonly kind: 'unknown'; readonly valueType: string }
);

export interface SrDocument {
  readonly studyInstanceUID: string;
  readonly seriesInstanceUID: string;
  readonly sopInstanceUID: string;
  readonly sopClassUID: string;
  readonly title?: SrCode;
  readonly completion?: string;
  readonly verification?: string;
  /** ISO 8601 local date-time from Content Date/Time, e.g. "2026-12-06T10:12:00". */
  readonly contentDateTime?: string;
  /** Person Observer Names in the tree, then Author Observers. */
  readonly observers: readonly string[];
  /** The root's Content Template Sequence Template Identifier, e.g. "1500". */
  readonly templateId?: string;
  /** The root container's children. */
  readonly items: readonly SrItem[];
  readonly predecessors: readonly InstanceRef[];
}

/** The attribute that holds the value of each single-text value type (PS3.3 C.18). */
const TEXT_TAGS = {
  DATE: ['date', '0040A121'],
  TIME: ['time', '0040A122'],
  DATETIME: ['datetime', '0040A120'],
  PNAME: ['pname', '0040A123'],
  UIDREF: ['uidref', '0040A124'],
} as const;

function contentItem(item: DicomJsonDataset, evidence: EvidenceIndex): SrItem {
  const relationship = firstString(item, '0040A010') ?? '';
  const concept = codeIn(item, '0040A043');
  const children = itemsOf(item, '0040A730').map((child) => contentItem(child, evidence));
  const common = { relationship, children, ...(concept ? { concept } : {}) };
  // By-reference relationships (PS3.3 C.17.3.2.5) carry no value type of their own.
  const valueType = firstString(item, '0040A040') ?? (item['0040DB73'] ? 'BY-REFERENCE' : '');
  switch (valueType) {
    case 'CONTAINER':
      return { ...common, kind: 'container' };
    case 'TEXT':
      return { ...common, kind: 'text', text: firstString(item, '0040A160') ?? '' };
    case 'CODE': {
      const code = codeIn(item, '0040A168');
      return code ? { ...common, kind: 'code', code } : { ...common, kind: 'unknown', valueType };
    }
    case 'NUM': {
      const measured = itemsOf(item, '0040A300')[0];
      const unit = measured && codeIn(measured, '004008EA');
      return {
        ...common,
        kind: 'num',
        value: (measured && firstString(measured, '0040A30A')?.trim()) ?? '',
        ...(unit ? { unit } : {}),
      };
    }
    case 'DATE':
    case 'TIME':
    case 'DATETIME':
    case 'PNAME':
    case 'UIDREF': {
      const [kind, tag] = TEXT_TAGS[valueType];
      return { ...common, kind, text: firstString(item, tag) ?? '' };
    }
    case 'IMAGE':
    case 'COMPOSITE': {
      const reference = referenceIn(item, evidence);
      const kind = valueType === 'IMAGE' ? 'image' : 'composite';
      return reference ? { ...common, kind, reference } : { ...common, kind: 'unknown', valueType };
    }
    case 'SCOORD':
    case 'SCOORD3D':
      return {
        ...common,
        kind: valueType === 'SCOORD' ? 'scoord' : 'scoord3d',
        graphicType: firstString(item, '00700023') ?? '',
      };
    case 'TCOORD':
      return { ...common, kind: 'tcoord', graphicType: firstString(item, '0040A130') ?? '' };
    case 'WAVEFORM':
      return { ...common, kind: 'waveform', graphicType: '' };
    default:
      return { ...common, kind: 'unknown', valueType };
  }
}

/** "20261206" + "101200.123" → "2026-12-06T10:12:00" (seconds kept, fractions dropped). */
function isoDateTime(date: string | undefined, time: string | undefined): string | undefined {
  const day = /^(\d{4})(\d{2})(\d{2})/.exec(date?.trim() ?? '');
  if (!day) return undefined;
  const clock = /^(\d{2})(\d{2})?(\d{2})?/.exec(time?.trim() ?? '');
  const [hours, minutes, seconds] = clock ? [clock[1], clock[2] ?? '00', clock[3] ?? '00'] : ['00', '00', '00'];
  return `${day[1]}-${day[2]}-${day[3]}T${hours}:${minutes}:${seconds}`;
}

function personObserverNames(items: readonly SrItem[]): string[] {
  return items.flatMap((item) => [
    ...(sameCode(item.concept, CODES.personObserverName) && (item.kind === 'pname' || item.kind === 'text')
      ? [item.text]
      : []),
    ...personObserverNames(item.children),
  ]);
}

function predecessorsOf(dataset: DicomJsonDataset): InstanceRef[] {
  return itemsOf(dataset, '0040A360').flatMap((study) =>
    itemsOf(study, '00081115').flatMap((series) =>
      itemsOf(series, '00081199').map((sop) => ({
        studyInstanceUID: firstString(study, '0020000D') ?? '',
        seriesInstanceUID: firstString(series, '0020000E') ?? '',
        sopInstanceUID: firstString(sop, '00081155') ?? '',
        sopClassUID: firstString(sop, '00081150') ?? '',
      })),
    ),
  );
}

/** An SR document (any SR SOP class) as WADO-RS metadata gives it, as a tree a reader can show. */
export function readSrDocument(dataset: DicomJsonDataset): SrDocument {
  const evidence = evidenceIndexOf(dataset);
  const items = itemsOf(dataset, '0040A730').map((item) => contentItem(item, evidence));
  const authors = itemsOf(dataset, '0040A078').flatMap((author) => firstString(author, '0040A123') ?? []);
  const title = codeIn(dataset, '0040A043');
  const completion = firstString(dataset, '0040A491');
  const verification = firstString(dataset, '0040A493');
  const contentDateTime = isoDateTime(firstString(dataset, '00080023'), firstString(dataset, '00080033'));
  const template = itemsOf(dataset, '0040A504')[0];
  const templateId = template && firstString(template, '0040DB00');
  return {
    studyInstanceUID: firstString(dataset, '0020000D') ?? '',
    seriesInstanceUID: firstString(dataset, '0020000E') ?? '',
    sopInstanceUID: firstString(dataset, '00080018') ?? '',
    sopClassUID: firstString(dataset, '00080016') ?? '',
    ...(title ? { title } : {}),
    ...(completion ? { completion } : {}),
    ...(verification ? { verification } : {}),
    ...(contentDateTime ? { contentDateTime } : {}),
    observers: [...new Set([...personObserverNames(items), ...authors].filter((name) => name !== ''))],
    ...(templateId ? { templateId } : {}),
    items,
    predecessors: predecessorsOf(dataset),
  };
}

/** A TID 1500 Measurement Report: by its template, or by its title when the template is not named. */
export function isMeasurementReport(document: SrDocument): boolean {
  return document.templateId === '1500' || sameCode(document.title, CODES.measurementReport);
}
