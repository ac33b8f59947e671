import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Slow and stalled clients (issue 9, finding 5). Node, not Fastify, times out requests that
 * arrive too slowly: HEADERS_TIMEOUT_SECONDS for the request line and headers (a connection that
 * says nothing counts from its opening), REQUEST_TIMEOUT_SECONDS for the whole request with its
 * body. A STOW-RS upload is exempt from the second once the route has admitted it; its own
 * UPLOAD_IDLE_SECONDS stops it when it stalls (dicomweb/idleTimeout.ts).
 */
export interface ServerTimeouts {
  headersTimeout: number;
  requestTimeout: number;
  /** How often Node looks for expired requests (its default, 30 s, would add up to 30 s to each timeout). */
  connectionsCheckingInterval: number;
}

export function serverTimeouts({
  headersTimeoutSeconds,
  requestTimeoutSeconds,
}: {
  headersTimeoutSeconds: number;
  requestTimeoutSeconds: number;
}): ServerTimeouts {
  const headersTimeout = headersTimeoutSeconds * 1000;
  return {
    headersTimeout,
    requestTimeout: requestTimeoutSeconds * 1000,
    connectionsCheckingInterval: Math.min(1000, headersTimeout / 2),
  };
}

/** Sockets whose request is an admitted STOW-RS upload still receiving its body. */
export type UploadingSockets = WeakSet<Socket>;

/**
 * Fastify's clientErrorHandler: answers errors Node finds before a request reaches Fastify (a
 * timeout, headers too large, a malformed request) in the gateway's JSON shape, then closes the
 * connection; ignores a request timeout on an upload in progress.
 */
export function clientErrorHandler(uploading: UploadingSockets) {
  return function onClientError(this: FastifyInstance, error: NodeJS.ErrnoException, socket: Socket) {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT' && uploading.has(socket)) return;
    const [status, code, message] =
      error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [
            408,
            'REQUEST_TIMEOUT',
            'The request did not arrive in time (HEADERS_TIMEOUT_SECONDS, REQUEST_TIMEOUT_SECONDS)',
          ]
        : error.code === 'HPE_HEADER_OVERFLOW'
          ? [431, 'HEADERS_TOO_LARGE', 'The request headers are too large']
          : [400, 'BAD_REQUEST', 'The request is not valid HTTP'];
    this.log.debug({ code: error.code }, 'client error');
    if (socket.writable) {
      const body = JSON.stringify({ error: code, message });
      socket.write(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
    }
    socket.destroy();
  };
}

/**
 * An answer sent before the request body has arrived (a refusal at the guard, a cap, a timeout)
 * closes the connection: otherwise Node would read and discard the rest of the body for as long
 * as the client cares to send it.
 */
export async function closeIfBodyUnread(request: FastifyRequest, reply: FastifyReply) {
  if (!request.raw.complete) reply.header('connection', 'close');
}
