import type { Server } from 'node:http';
import {
  createSecureServer,
  type Http2ServerRequest,
  type Http2ServerResponse,
  type ServerHttp2Session,
} from 'node:http2';
import type { FastifyServerFactory } from 'fastify';
import type { ServerTimeouts } from '../security/slowClients';

/**
 * Node's own keep-alive for an idle HTTP/1.1 connection, as the https server had it; the http2
 * server leaves it unset for its HTTP/1.1 clients, which would keep their idle sockets open for good.
 */
const HTTP1_KEEP_ALIVE_MS = 5_000;

/**
 * The gateway's server when it serves TLS itself (TLS_CERT_FILE, TLS_KEY_FILE): HTTP/2 (ALPN h2),
 * so a browser loading a series sends all its frame requests at once over one connection instead
 * of queueing them on six, and HTTP/1.1 for clients that do not offer h2 (curl --http1.1, old tools).
 * request.protocol reads 'https' either way, which the __Host- cookies depend on.
 *
 * The slow-client timeouts (security/slowClients.ts) hold for HTTP/1.1 clients as they did. An
 * HTTP/2 connection has no header or request timeout of Node's: one that sends nothing for
 * HEADERS_TIMEOUT_SECONDS is closed (gracefully, streams in progress finish), and a request whose
 * body stalls is ended by slowClients.ts's http2RequestDeadline.
 */
export function tlsServer(tls: { cert: Buffer; key: Buffer }, timeouts: ServerTimeouts): FastifyServerFactory {
  return (handler) => {
    const server = createSecureServer(
      { cert: tls.cert, key: tls.key, allowHTTP1: true },
      handler as unknown as (request: Http2ServerRequest, response: Http2ServerResponse) => void,
    );
    // Read by Node's HTTP/1.1 connection handling, which the http2 server lends its HTTP/1.1 clients.
    Object.assign(server, { ...timeouts, keepAliveTimeout: HTTP1_KEEP_ALIVE_MS });
    const sessions = new Set<ServerHttp2Session>();
    server.on('session', (session: ServerHttp2Session) => {
      sessions.add(session);
      session.once('close', () => sessions.delete(session));
      session.setTimeout(timeouts.headersTimeout, () => session.close());
    });
    // Fastify's close() calls this where the server has it (as its own http2 server does): Node 20's
    // server.close() would otherwise wait for every idle browser session to time out.
    Object.assign(server, { closeHttp2Sessions: () => sessions.forEach((session) => session.close()) });
    // Fastify's types tie an instance to one kind of server; at run time it serves the http2
    // compatibility API as it serves http (its reply checks httpVersionMajor where they differ).
    return server as unknown as Server;
  };
}
