import { metaData } from '@cornerstonejs/core';
import type { DicomJsonDataset } from '../../dicom/json';
import { frameMetadataOf } from '../metadata/metadataStore';
import { instanceModule, type Naturalize } from '../metadata/modules';

type Adapters = typeof import('@cornerstonejs/adapters/cornerstone3D');
type MeasurementReportClass = Adapters['Cornerstone3DSR']['MeasurementReport'];

/** What the adapters call `metadata` / `metadataProvider`. */
interface AdapterMetadata {
  get(type: string, imageId: string): unknown;
}

interface ReportLibraries {
  readonly MeasurementReport: MeasurementReportClass;
  readonly naturalize: Naturalize;
  readonly metadata: AdapterMetadata;
}

let loading: Promise<ReportLibraries> | undefined;

/**
 * The adapters and dcmjs, fetched the first time a report is in a study or the reader sends one:
 * they are large, and the first image must not wait for them. `instance` (the naturalized data
 * set) is answered here, where dcmjs is at hand; everything else comes from the metadata provider.
 */
export function reportLibraries(): Promise<ReportLibraries> {
  if (loading) return loading;
  loading = Promise.all([import('@cornerstonejs/adapters/cornerstone3D'), import('dcmjs')]).then(
    ([adapters, dcmjs]) => {
      const naturalize: Naturalize = (dataset: DicomJsonDataset) =>
        dcmjs.default.data.DicomMetaDictionary.naturalizeDataset(dataset);
      const metadata: AdapterMetadata = {
        get(type, imageId) {
          if (type !== 'instance') {
            const module: unknown = metaData.get(type, imageId);
            return module;
          }
          const frame = frameMetadataOf(imageId);
          return frame && instanceModule(frame, naturalize);
        },
      };
      return { MeasurementReport: adapters.Cornerstone3DSR.MeasurementReport, naturalize, metadata };
    },
  );
  // A failed download may succeed on the next try.
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}
