import type { FastifyRequest } from 'fastify';
import type { RequestContext } from '../dicomweb/backend';
import { DICOMWEB_PREFIX } from '../dicomweb/routes';

/** A backend call the gateway makes for itself while answering `request` (JSON, not streamed). */
export function backendContext(request: FastifyRequest): RequestContext {
  return {
    accept: 'application/dicom+json',
    publicBase: `${request.protocol}://${request.host}${DICOMWEB_PREFIX}`,
    signal: new AbortController().signal,
  };
}
