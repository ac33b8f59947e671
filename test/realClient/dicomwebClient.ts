import { api } from 'dicomweb-client';
import XMLHttpRequest from 'xhr2';
import type { DicomJsonDataset } from '../../src/dicom/json';

/**
 * The npm `dicomweb-client` (what OHIF and many viewers use), typed for our tests. It speaks
 * through the global XMLHttpRequest, which Node lacks: xhr2 provides one over node:http.
 */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- the DOM types say it exists; in Node it does not
globalThis.XMLHttpRequest ??= XMLHttpRequest;

export interface InstanceRef {
  studyInstanceUID: string;
  seriesInstanceUID: string;
  sopInstanceUID: string;
}

interface RealClient {
  searchForStudies(queryParams?: Record<string, string>): Promise<DicomJsonDataset[]>;
  searchForSeries(studyInstanceUID: string, queryParams?: Record<string, string>): Promise<DicomJsonDataset[]>;
  searchForInstances(studyInstanceUID: string, seriesInstanceUID: string): Promise<DicomJsonDataset[]>;
  retrieveInstanceMetadata(instance: InstanceRef): Promise<DicomJsonDataset[]>;
  retrieveInstanceFrames(instance: InstanceRef, frameNumbers: string): Promise<Uint8Array[]>;
  retrieveInstance(instance: InstanceRef): Promise<Uint8Array>;
  retrieveBulkData(bulkDataURI: string): Promise<Uint8Array[]>;
  storeInstances(datasets: ArrayBuffer[]): Promise<unknown>;
}

/** The library's own type declarations mark optional options as required and return `any`; this is the one place that knows. */
interface UntypedClient {
  searchForStudies(options: object): Promise<unknown>;
  searchForSeries(options: object): Promise<unknown>;
  searchForInstances(options: object): Promise<unknown>;
  retrieveInstanceMetadata(options: object): Promise<unknown>;
  retrieveInstanceFrames(options: object): Promise<unknown>;
  retrieveInstance(options: object): Promise<unknown>;
  retrieveBulkData(options: object): Promise<unknown>;
  storeInstances(options: object): Promise<unknown>;
}

export function realClient(dicomwebRoot: string): RealClient {
  const client = new api.DICOMwebClient({
    url: dicomwebRoot,
    singlepart: false,
    verbose: false,
  }) as unknown as UntypedClient;
  return {
    searchForStudies: async (queryParams) => datasets(await client.searchForStudies({ queryParams })),
    searchForSeries: async (studyInstanceUID, queryParams) =>
      datasets(await client.searchForSeries({ studyInstanceUID, queryParams })),
    searchForInstances: async (studyInstanceUID, seriesInstanceUID) =>
      datasets(await client.searchForInstances({ studyInstanceUID, seriesInstanceUID })),
    retrieveInstanceMetadata: async (instance) => datasets(await client.retrieveInstanceMetadata(instance)),
    retrieveInstanceFrames: async (instance, frameNumbers) =>
      byteArrays(await client.retrieveInstanceFrames({ ...instance, frameNumbers })),
    retrieveInstance: async (instance) => bytes(await client.retrieveInstance(instance)),
    retrieveBulkData: async (BulkDataURI) => byteArrays(await client.retrieveBulkData({ BulkDataURI })),
    storeInstances: (list) => client.storeInstances({ datasets: list }),
  };
}

function datasets(value: unknown): DicomJsonDataset[] {
  if (!Array.isArray(value)) throw new Error(`Expected an array of datasets, got ${typeof value}`);
  return value as DicomJsonDataset[];
}

function bytes(value: unknown): Uint8Array {
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  throw new Error(`Expected bytes, got ${Object.prototype.toString.call(value)}`);
}

function byteArrays(value: unknown): Uint8Array[] {
  if (!Array.isArray(value)) return [bytes(value)];
  return value.map(bytes);
}
