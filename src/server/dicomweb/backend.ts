import type { Readable } from 'node:stream';
import type { DicomJsonDataset } from '../../dicom/json';
import type { RetrieveRequest, SearchRequest, StoreRequest } from './request';

/** What a backend needs to know about the HTTP exchange, beyond the parsed request. */
export interface RequestContext {
  /** The Accept header (with PS3.18's `accept` query parameter folded in); undefined = any. */
  accept: string | undefined;
  /** The gateway's DICOMweb root as the client sees it (e.g. http://host:8080/dicomweb), for BulkDataURI and RetrieveURL values. */
  publicBase: string;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
  /** The If-None-Match header, for 304 answers on cached representations. */
  ifNoneMatch?: string;
  /** The Range header; routes.ts answers it (byteRanges.ts) for whole answers with an ETag. */
  range?: string;
}

export interface StoreInput {
  contentType: string | undefined;
  /** The request body, already capped at the configured upload limit and stopped when it stalls. */
  body: Readable;
  /** The most instances (parts) a backend that splits the body may accept (STOW_MAX_PARTS). */
  maxInstances: number;
}

export interface SearchResult {
  datasets: DicomJsonDataset[];
  /** PS3.18 Warning header texts, e.g. when results were truncated at the server's maximum. */
  warnings: string[];
}

/** A streamed response: status, headers and a body that the route pipes to the client. */
export interface BackendResponse {
  status: number;
  headers: Record<string, string>;
  body: Readable | Buffer | string | undefined;
}

/**
 * One DICOMweb source. Implementations: the embedded archive (archive/) and the upstream proxy
 * (proxy/). Both see only parsed requests that have already passed the guard.
 */
export interface DicomwebBackend {
  readonly name: string;
  /**
   * True for a store in this process (the embedded archive): a question asked on a page's behalf
   * costs no upstream round trip, and its answers are kept for the app's own (http/indexPage.ts).
   */
  readonly inProcess?: boolean;
  search(request: SearchRequest, context: RequestContext): Promise<SearchResult>;
  retrieve(request: RetrieveRequest, context: RequestContext): Promise<BackendResponse>;
  store(request: StoreRequest, input: StoreInput, context: RequestContext): Promise<BackendResponse>;
  /** True when the source answers (for /healthz). */
  ready(): Promise<boolean>;
  close(): Promise<void>;
  /**
   * The instances of a study stored with warnings (what ingest corrected or left out), and theirs.
   * Only the embedded archive ingests; a proxied PACS has none to tell.
   */
  ingestWarnings?(studyInstanceUID: string): Promise<{ sopInstanceUID: string; warnings: string[] }[]>;
}
