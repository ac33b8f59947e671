import { CODES, type SrCode } from './codes';
import { documentHeader } from './documentHeader';
import { KEY_OBJECT_SELECTION_SOP_CLASS } from './keyObjectSelection';
import type { ImageRef } from './references';
import {
  codeSequence,
  hierarchicalReferences,
  imageItem,
  observerItems,
  textItem,
  type Naturalized,
} from './srContent';
import type { StudyContext } from './studyContext';

interface KeyObjectInput {
  readonly study: StudyContext;
  readonly observer: string;
  readonly title: SrCode;
  readonly keyImages: readonly { readonly image: ImageRef; readonly note: string }[];
  readonly now: Date;
  readonly sopInstanceUID: string;
  readonly seriesInstanceUID: string;
}

/**
 * TID 2010 has one Key Object Description for the whole selection and no children under an
 * IMAGE item, so each note is a line naming its image by position in the selection.
 */
function description(keyImages: KeyObjectInput['keyImages']): string {
  return keyImages
    .flatMap(({ note }, index) => (note.trim() ? [`Key image ${index + 1}: ${note.trim()}`] : []))
    .join('\n');
}

/**
 * The reply's Key Object Selection document (PS3.3 A.35.4) as a naturalized data set: the title
 * from CID 7010, the observer, the notes, and one IMAGE item per key image, each also in the
 * evidence. The KOS IOD has no Predecessor Documents Sequence: each reply's selection stands alone.
 */
export function keyObjectDataset(input: KeyObjectInput): Naturalized & { SOPClassUID: string; SOPInstanceUID: string } {
  const text = description(input.keyImages);
  return {
    ...documentHeader(input.study, {
      sopClassUID: KEY_OBJECT_SELECTION_SOP_CLASS,
      sopInstanceUID: input.sopInstanceUID,
      seriesInstanceUID: input.seriesInstanceUID,
      modality: 'KO',
      seriesNumber: 9002,
      seriesDescription: `Key images by ${input.observer}`,
      now: input.now,
    }),
    SOPClassUID: KEY_OBJECT_SELECTION_SOP_CLASS,
    SOPInstanceUID: input.sopInstanceUID,
    CurrentRequestedProcedureEvidenceSequence: hierarchicalReferences(input.keyImages.map(({ image }) => image)),
    ValueType: 'CONTAINER',
    ConceptNameCodeSequence: codeSequence(input.title),
    ContinuityOfContent: 'SEPARATE',
    ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: '2010' }],
    ContentSequence: [
      ...observerItems(input.observer),
      ...(text ? [textItem('CONTAINS', CODES.keyObjectDescription, text)] : []),
      ...input.keyImages.map(({ image }) => imageItem('CONTAINS', image)),
    ],
  };
}
