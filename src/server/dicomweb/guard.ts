import type { FastifyRequest } from 'fastify';
import type { DicomJsonDataset } from '../../dicom/json';
import type { BackendResponse, RequestContext, StoreInput } from './backend';
import type { DicomwebRequest } from './request';

/** Keeps, trims or drops one search result on its way out: undefined drops it. */
export type ResultFilter = (dataset: DicomJsonDataset) => DicomJsonDataset | undefined;

/**
 * Checks a STOW-RS body before the backend sees it (a share recipient's reply, a radiologist's
 * saved report): throws HttpError to refuse, else calls `store` with the input to store (the same
 * bytes) and answers with the backend's response. It wraps the store so that what it checked still
 * holds when the backend stores: nothing else of the same study is screened in between.
 */
export type UploadScreen = (
  input: StoreInput,
  context: RequestContext,
  store: (input: StoreInput) => Promise<BackendResponse>,
) => Promise<BackendResponse>;

/**
 * What to hand the backend: the (possibly rewritten) request, or null for "nothing can match".
 * A store may come with a screen its body must pass first.
 */
export type GuardedRequest =
  { request: DicomwebRequest; filter?: ResultFilter; screen?: UploadScreen } | { request: null };

/**
 * Access control on the DICOMweb path (docs/design.md "The DICOMweb path"), supplied by the access
 * layer (sharing/dicomwebGuard.ts). Both methods throw HttpError to refuse.
 */
export interface DicomwebGuard {
  /** Before parsing, so a caller without identity learns nothing about which paths parse. */
  admit(request: FastifyRequest): Promise<void>;
  /** Between parse and backend. */
  check(request: FastifyRequest, parsed: DicomwebRequest): Promise<GuardedRequest>;
}
