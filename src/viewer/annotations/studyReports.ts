import { firstString, type DicomJsonDataset } from '../../dicom/json';
import { isKeyObjectSelection, readKeyObjectSelection } from '../../dicom/sr/keyObjectSelection';
import { keyImageNotesOf, opinionOf } from '../../dicom/sr/opinion';
import { isMeasurementReport, readSrDocument, type SrItem } from '../../dicom/sr/srDocument';
import type { KeyImage, StudyReport } from '../viewerState';

/** SR and KOS SOP classes share this root (PS3.4 B.5, "Structured Reporting"). */
const SR_SOP_CLASS_ROOT = '1.2.840.10008.5.1.4.1.1.88.';

export function isReportInstance(instance: DicomJsonDataset): boolean {
  return firstString(instance, '00080016')?.startsWith(SR_SOP_CLASS_ROOT) ?? false;
}

/** A stored SR or KOS as the viewer shows it: the entry, its key images, and whether it has overlays to draw. */
interface ReportReading {
  readonly report: StudyReport;
  readonly keyImages: readonly KeyImage[];
}

/** TID 1501 Measurement Group (125007, DCM). */
function measurementGroups(items: readonly SrItem[]): number {
  return items.reduce(
    (count, item) =>
      count +
      (item.kind === 'container' && item.concept?.value === '125007' && item.concept.scheme === 'DCM' ? 1 : 0) +
      measurementGroups(item.children),
    0,
  );
}

export function readReport(instance: DicomJsonDataset): ReportReading {
  const ids = {
    studyInstanceUID: firstString(instance, '0020000D') ?? '',
    seriesInstanceUID: firstString(instance, '0020000E') ?? '',
    sopInstanceUID: firstString(instance, '00080018') ?? '',
  };
  const readOnly = (image: KeyImage['image'], note: string): KeyImage => ({
    image,
    note,
    readOnly: true,
    reportUID: ids.sopInstanceUID,
  });
  const document = readSrDocument(instance);
  const when = document.contentDateTime;
  const observer = document.observers[0];
  const common = { ...ids, ...(observer && { observer }), ...(when && { when }) };
  if (isKeyObjectSelection(instance)) {
    const selection = readKeyObjectSelection(instance);
    return {
      report: {
        ...common,
        kind: 'keyObjects',
        title: selection.title?.meaning ?? 'Key images',
        ...(selection.description && { description: selection.description }),
        measurementCount: 0,
        keyImageCount: selection.images.length,
        overlaysShown: false,
      },
      // TID 2010 has one description for the whole selection: it is not any one image's note.
      keyImages: selection.images.map((image) => readOnly(image, '')),
    };
  }
  const measurements = isMeasurementReport(document);
  const opinion = opinionOf(document);
  const notes = keyImageNotesOf(document);
  return {
    report: {
      ...common,
      kind: measurements ? 'measurements' : 'document',
      title: document.title?.meaning ?? 'Structured report',
      ...(opinion && { opinion }),
      document,
      measurementCount: measurementGroups(document.items),
      keyImageCount: notes.length,
      overlaysShown: measurements,
    },
    keyImages: notes.map(({ image, note }) => readOnly(image, note)),
  };
}

/** Key object selections after the reports made with them (a reply stores both at once). */
const KIND_ORDER: Readonly<Record<StudyReport['kind'], number>> = { measurements: 0, document: 0, keyObjects: 1 };

/** Newest first, a selection after a report of the same time; documents without a date last, in the order found. */
export function newestFirst(reports: readonly StudyReport[]): StudyReport[] {
  return [...reports].sort(
    (a, b) => (b.when ?? '').localeCompare(a.when ?? '') || KIND_ORDER[a.kind] - KIND_ORDER[b.kind],
  );
}
