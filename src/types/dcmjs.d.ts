// dcmjs ships no type declarations; this declares the subset SecondRead uses.
// Datasets in dcmjs's "DICOM JSON-like" form: tag (8 hex, upper case) → element.
declare module 'dcmjs' {
  export interface DcmjsElement {
    vr: string;
    Value?: unknown[];
    InlineBinary?: string;
    BulkDataURI?: string;
    _rawValue?: unknown;
  }
  export type DcmjsDataset = Record<string, DcmjsElement>;

  export interface DictionaryEntry {
    tag: string;
    vr: string;
    vm: string;
    name: string;
    version?: string;
  }

  export class DicomDict {
    constructor(meta: DcmjsDataset);
    meta: DcmjsDataset;
    dict: DcmjsDataset;
    write(options?: { allowInvalidVRLength?: boolean; fragmentMultiframe?: boolean }): ArrayBuffer;
  }

  export interface ReadOptions {
    ignoreErrors?: boolean;
    untilTag?: string;
    includeUntilTagValue?: boolean;
    noCopy?: boolean;
    forceStoreRaw?: boolean;
  }

  export const data: {
    DicomDict: typeof DicomDict;
    DicomMessage: {
      readFile(buffer: ArrayBuffer, options?: ReadOptions): DicomDict;
    };
    DicomMetaDictionary: {
      nameMap: Record<string, DictionaryEntry>;
      dictionary: Record<string, DictionaryEntry>;
      sopClassNamesByUID: Record<string, string>;
      sopClassUIDsByName: Record<string, string>;
      uid(): string;
      date(): string;
      time(): string;
      naturalizeDataset(dataset: DcmjsDataset): Record<string, unknown>;
      denaturalizeDataset(dataset: Record<string, unknown>): DcmjsDataset;
      punctuateTag(rawTag: string): string;
      unpunctuateTag(tag: string): string;
    };
  };
  const dcmjs: { data: typeof data };
  export default dcmjs;
}
