import type { FastifyRequest } from 'fastify';
import type { DicomJsonDataset } from '../../dicom/json';
import type { DicomwebRequest } from './request';

/** Keeps, trims or drops one search result on its way out: undefined drops it. */
export type ResultFilter = (dataset: DicomJsonDataset) => DicomJsonDataset | undefined;

/** What to hand the backend: the (possibly rewritten) request, or null for "nothing can match". */
export type GuardedRequest = { request: DicomwebRequest; filter?: ResultFilter } | { request: null };

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
