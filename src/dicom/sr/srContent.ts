import { CODES, type SrCode } from './codes';
import type { ImageRef, InstanceRef } from './references';

/**
 * Content items and reference sequences in dcmjs's naturalized form (keywords as keys), the form
 * `@cornerstonejs/adapters` hands its measurement report in, so both can go into one data set.
 */
export type Naturalized = Record<string, unknown>;

export function codeSequence(code: SrCode): Naturalized[] {
  return [{ CodeValue: code.value, CodingSchemeDesignator: code.scheme, CodeMeaning: code.meaning }];
}

export function containerItem(relationship: string, concept: SrCode, children: readonly Naturalized[]): Naturalized {
  return {
    RelationshipType: relationship,
    ValueType: 'CONTAINER',
    ConceptNameCodeSequence: codeSequence(concept),
    ContinuityOfContent: 'SEPARATE',
    ContentSequence: children,
  };
}

export function codeItem(relationship: string, concept: SrCode, code: SrCode): Naturalized {
  return {
    RelationshipType: relationship,
    ValueType: 'CODE',
    ConceptNameCodeSequence: codeSequence(concept),
    ConceptCodeSequence: codeSequence(code),
  };
}

export function textItem(
  relationship: string,
  concept: SrCode,
  text: string,
  children: readonly Naturalized[] = [],
): Naturalized {
  return {
    RelationshipType: relationship,
    ValueType: 'TEXT',
    ConceptNameCodeSequence: codeSequence(concept),
    TextValue: text,
    ...(children.length ? { ContentSequence: children } : {}),
  };
}

/** Referenced Frame Number only for a frame of a multi-frame image (PS3.3 C.18.4). */
export function imageItem(relationship: string, image: ImageRef): Naturalized {
  return {
    RelationshipType: relationship,
    ValueType: 'IMAGE',
    ReferencedSOPSequence: [
      {
        ReferencedSOPClassUID: image.sopClassUID,
        ReferencedSOPInstanceUID: image.sopInstanceUID,
        ...(image.frameNumber === undefined ? {} : { ReferencedFrameNumber: image.frameNumber }),
      },
    ],
  };
}

/**
 * A label as a Person Name value: PN reserves `^` and `=` as delimiters and forbids `\` (PS3.5
 * 6.2), and a component group holds at most 64 characters.
 */
function personName(label: string): string {
  return label
    .replace(/[\\^=\r\n]+/g, ' ')
    .trim()
    .slice(0, 64);
}

/** Observer Context (TID 1002) for a person. */
export function observerItems(observer: string): Naturalized[] {
  return [
    codeItem('HAS OBS CONTEXT', CODES.observerType, CODES.person),
    {
      RelationshipType: 'HAS OBS CONTEXT',
      ValueType: 'PNAME',
      ConceptNameCodeSequence: codeSequence(CODES.personObserverName),
      PersonName: personName(observer),
    },
  ];
}

/**
 * A Hierarchical SOP Instance Reference sequence (PS3.3 C.17.2.3): one item per study, one series
 * item per series, each instance once and without frame numbers.
 */
export function hierarchicalReferences(references: readonly InstanceRef[]): Naturalized[] {
  const studies = new Map<string, Map<string, Map<string, string>>>();
  for (const ref of references) {
    const series = studies.get(ref.studyInstanceUID) ?? new Map<string, Map<string, string>>();
    studies.set(ref.studyInstanceUID, series);
    const instances = series.get(ref.seriesInstanceUID) ?? new Map<string, string>();
    series.set(ref.seriesInstanceUID, instances);
    instances.set(ref.sopInstanceUID, ref.sopClassUID);
  }
  return [...studies].map(([StudyInstanceUID, series]) => ({
    StudyInstanceUID,
    ReferencedSeriesSequence: [...series].map(([SeriesInstanceUID, instances]) => ({
      SeriesInstanceUID,
      ReferencedSOPSequence: [...instances].map(([ReferencedSOPInstanceUID, ReferencedSOPClassUID]) => ({
        ReferencedSOPClassUID,
        ReferencedSOPInstanceUID,
      })),
    })),
  }));
}
