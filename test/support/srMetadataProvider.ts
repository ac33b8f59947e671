import { readFileSync } from 'node:fs';
import dcmjs from 'dcmjs';
import { firstNumber, firstString, type DicomJsonDataset } from '../../src/dicom/json';
import { part10ToJson } from '../../src/dicom/part10Json';

/**
 * A Cornerstone metadata provider for Node, built from corpus files: the modules that
 * `@cornerstonejs/adapters`' MeasurementReport asks for (generateReport and generateToolState) and
 * that Cornerstone's world↔image conversions read, per image id (one per frame). Lets tests build and
 * read back TID 1500 reports with the real adapters without a browser or an image loader.
 */
interface SrMetadataProvider {
  /** One image id per frame, in file order: `srtest:<SOP Instance UID>:<frame>`. */
  readonly imageIds: readonly string[];
  readonly datasets: readonly DicomJsonDataset[];
  get(type: string, imageId: string): unknown;
  /** `<SOP Instance UID>:<frame>` → image id, the map generateToolState takes. */
  readonly sopInstanceUIDToImageIdMap: Record<string, string>;
}

const BINARY_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'UN']);

function numbers(dataset: DicomJsonDataset, tag: string): number[] {
  return (dataset[tag]?.Value ?? []).map(Number);
}

/** The data set without bulk or binary values, as dcmjs names it (the adapters' `instance`). */
function naturalized(dataset: DicomJsonDataset): Record<string, unknown> {
  const textOnly = Object.fromEntries(Object.entries(dataset).filter(([, element]) => !BINARY_VRS.has(element.vr)));
  return dcmjs.data.DicomMetaDictionary.naturalizeDataset(textOnly);
}

function imagePlaneModule(dataset: DicomJsonDataset) {
  const orientation = numbers(dataset, '00200037');
  const [rowSpacing, columnSpacing] = numbers(dataset, '00280030');
  return {
    frameOfReferenceUID: firstString(dataset, '00200052'),
    rows: firstNumber(dataset, '00280010'),
    columns: firstNumber(dataset, '00280011'),
    imageOrientationPatient: orientation,
    rowCosines: orientation.slice(0, 3),
    columnCosines: orientation.slice(3, 6),
    imagePositionPatient: numbers(dataset, '00200032'),
    pixelSpacing: [rowSpacing, columnSpacing],
    rowPixelSpacing: rowSpacing,
    columnPixelSpacing: columnSpacing,
    sliceThickness: firstNumber(dataset, '00180050'),
  };
}

export function srMetadataProvider(files: readonly string[]): SrMetadataProvider {
  const datasets = files.map((file) => part10ToJson(readFileSync(file)).dataset);
  const byImageId = new Map<string, { dataset: DicomJsonDataset; frame: number }>();
  for (const dataset of datasets) {
    const frames = firstNumber(dataset, '00280008') ?? 1;
    for (let frame = 1; frame <= frames; frame++) {
      byImageId.set(`srtest:${firstString(dataset, '00080018')}:${frame}`, { dataset, frame });
    }
  }
  const modules: Record<string, (dataset: DicomJsonDataset, frame: number) => unknown> = {
    instance: (dataset) => naturalized(dataset),
    frameNumber: (_dataset, frame) => frame,
    sopCommonModule: (dataset) => ({
      sopClassUID: firstString(dataset, '00080016'),
      sopInstanceUID: firstString(dataset, '00080018'),
    }),
    generalSeriesModule: (dataset) => ({
      modality: firstString(dataset, '00080060'),
      seriesInstanceUID: firstString(dataset, '0020000E'),
      studyInstanceUID: firstString(dataset, '0020000D'),
    }),
    imagePlaneModule,
    imagePixelModule: (dataset) => ({
      rows: firstNumber(dataset, '00280010'),
      columns: firstNumber(dataset, '00280011'),
      samplesPerPixel: firstNumber(dataset, '00280002'),
      photometricInterpretation: firstString(dataset, '00280004'),
      bitsAllocated: firstNumber(dataset, '00280100'),
      bitsStored: firstNumber(dataset, '00280101'),
      pixelRepresentation: firstNumber(dataset, '00280103'),
    }),
  };
  return {
    imageIds: [...byImageId.keys()],
    datasets,
    sopInstanceUIDToImageIdMap: Object.fromEntries([...byImageId.keys()].map((id) => [id.slice('srtest:'.length), id])),
    get(type, imageId) {
      const entry = byImageId.get(imageId);
      return entry && modules[type]?.(entry.dataset, entry.frame);
    },
  };
}
