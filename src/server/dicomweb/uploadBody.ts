import { finished, Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import type { UploadingSockets } from '../security/slowClients';
import { idleTimeout } from './idleTimeout';
import { limitStream } from './limitStream';

export interface UploadLimits {
  /** MAX_UPLOAD_BYTES */
  maxBytes: number;
  /** STOW_MAX_PARTS, enforced by the backend that splits the body into instances. */
  maxInstances: number;
  /** UPLOAD_IDLE_SECONDS, in milliseconds. */
  idleMs: number;
  /** Where the route marks its socket as receiving an upload, exempt from REQUEST_TIMEOUT_SECONDS. */
  uploading: UploadingSockets;
}

/**
 * An admitted STOW-RS body as the backend reads it: failed with 413 past MAX_UPLOAD_BYTES, with
 * 408 when it stalls, and with the client's error when the client goes away mid-body, so the
 * reader always finishes and can remove its temp files.
 */
export function uploadBody(request: FastifyRequest, { maxBytes, idleMs, uploading }: UploadLimits): Readable {
  const body = (request.body as Readable | undefined) ?? Readable.from([]);
  const capped = limitStream(maxBytes);
  const watched = idleTimeout(idleMs);
  body.pipe(capped).pipe(watched);
  capped.on('error', (error) => watched.destroy(error));
  // Also a connection that closes without an error event (a premature close).
  finished(body, (error) => {
    if (error) watched.destroy(error);
  });
  const socket = request.raw.socket;
  uploading.add(socket);
  finished(watched, () => uploading.delete(socket));
  return watched;
}
