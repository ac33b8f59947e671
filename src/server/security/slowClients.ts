import { STATUS_CODES } from 'node:http';
import { constants, type Http2ServerRequest } from 'node:http2';
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

const REQUEST_TIMEOUT_MESSAGE = 'The request did not arrive in time (HEADERS_TIMEOUT_SECONDS, REQUEST_TIMEOUT_SECONDS)';

/**
 * Sockets whose request is an admitted STOW-RS upload still receiving its body. Over HTTP/2,
 * request.raw.socket stands for the request's stream (Node makes one per stream), so it marks the upload alone.
 */
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
        ? [408, 'REQUEST_TIMEOUT', REQUEST_TIMEOUT_MESSAGE]
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
 * as the client cares to send it. HTTP/2 has no Connection header (Node drops it with a warning):
 * there the answer's stream alone is closed, and the connection's other streams go on.
 */
export async function closeIfBodyUnread(request: FastifyRequest, reply: FastifyReply) {
  if (!isHttp2(request)) {
    if (!request.raw.complete) reply.header('connection', 'close');
    return;
  }
  const raw = request.raw as unknown as Http2ServerRequest;
  if (!raw.stream.endAfterHeaders) reply.raw.once('finish', () => stopRequestBody(raw));
}

/**
 * REQUEST_TIMEOUT_SECONDS for HTTP/2, where Node has none (an onRequest hook): a request whose
 * body has not arrived in time is answered 408 as over HTTP/1.1, and its stream then closed; the
 * connection and its other streams go on. An admitted STOW-RS upload is exempt, as it is there.
 */
export function http2RequestDeadline(requestTimeoutMs: number, uploading: UploadingSockets) {
  return async function onRequest(request: FastifyRequest, reply: FastifyReply) {
    if (!isHttp2(request)) return;
    const raw = request.raw as unknown as Http2ServerRequest;
    if (raw.stream.endAfterHeaders) return;
    const timer = setTimeout(() => {
      if (raw.complete || uploading.has(request.raw.socket)) return;
      request.log.debug('request timeout on an HTTP/2 stream');
      if (reply.raw.headersSent) return raw.stream.close(constants.NGHTTP2_CANCEL);
      // Written past Fastify, as clientErrorHandler writes its answer over HTTP/1.1: Fastify's
      // reply would first wait for the body's parser, which waits for the body.
      const body = JSON.stringify({ error: 'REQUEST_TIMEOUT', message: REQUEST_TIMEOUT_MESSAGE });
      reply.raw.writeHead(408, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      reply.raw.end(body, () => stopRequestBody(raw));
    }, requestTimeoutMs);
    timer.unref();
    raw.once('close', () => clearTimeout(timer));
  };
}

/**
 * Asks the client to stop sending a body the answer no longer needs (RFC 9113 8.1: RST_STREAM
 * with NO_ERROR after the complete answer); Node leaves such a stream open while the client holds it.
 */
function stopRequestBody(raw: Http2ServerRequest) {
  if (!raw.complete) raw.stream.close(constants.NGHTTP2_NO_ERROR);
}

function isHttp2(request: FastifyRequest): boolean {
  return request.raw.httpVersionMajor === 2;
}
