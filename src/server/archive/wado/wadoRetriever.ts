import type { BackendResponse, RequestContext } from '../../dicomweb/backend';
import type { RenderedRequest, RetrieveRequest } from '../../dicomweb/request';
import type { InflatedRenditions } from '../deflated/renditions';
import type { Htj2kRenditions } from '../htj2k/htj2kRenditions';
import type { InstanceIndex } from '../types';
import { AnswerCache } from '../../http/answerCache';
import { createPixelLoader } from './pixelLoader';
import { retrieveBulkdata } from './retrieveBulkdata';
import { retrieveFrames } from './retrieveFrames';
import { retrieveInstances } from './retrieveInstances';
import { retrieveMetadata } from './retrieveMetadata';

/**
 * Metadata answers kept in memory: about 1.5 MB for a 140-slice CT, so the series of a few dozen
 * recently opened studies.
 */
const METADATA_CACHE_BYTES = 64 * 1024 * 1024;

/** Rendered and thumbnail requests go to rendered/ (archive.ts), which reads through this. */
type WadoRetriever = (
  request: Exclude<RetrieveRequest, RenderedRequest>,
  context: RequestContext,
) => Promise<BackendResponse>;

/**
 * WADO-RS (PS3.18 10.4) over the embedded archive: instances, metadata, frames and bulk data,
 * read from the stored files (deflated ones through their inflated renditions) and streamed file by file;
 * frames also as HTJ2K renditions when `htj2k` is given (HTJ2K_RENDITIONS).
 */
export function createWadoRetriever(
  index: InstanceIndex,
  renditions: InflatedRenditions,
  htj2k?: Htj2kRenditions,
): WadoRetriever {
  const loadPixels = createPixelLoader(renditions);
  const metadataAnswers = new AnswerCache(METADATA_CACHE_BYTES);
  return async (request, context) => {
    switch (request.kind) {
      case 'instances':
        return retrieveInstances(index, request, context);
      case 'metadata':
        return retrieveMetadata(index, request, context, metadataAnswers);
      case 'frames':
        return retrieveFrames(index, loadPixels, request, context, htj2k);
      case 'bulkdata':
        return retrieveBulkdata(index, loadPixels, renditions, request, context);
    }
  };
}
