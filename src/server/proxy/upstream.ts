import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { pipeline, type Readable } from 'node:stream';
import { HttpError } from '../errors';
import { upstreamInvalidAnswer, upstreamUnreachable } from './upstreamErrors';

/**
 * HTTP to the upstream DICOMweb server. node:http rather than fetch: bodies are passed through
 * byte for byte (fetch would decompress and so break Content-Length), and connect and idle
 * timeouts can be set apart (a STOW or a large study may legitimately take minutes).
 */

export interface UpstreamOptions {
  /** DICOMweb root of the upstream, e.g. http://pacs:8042/dicom-web; user info in it is used as basic credentials. */
  url: string;
  user?: string;
  password?: string;
  token?: string;
  connectTimeoutMs?: number;
  /** No byte either way for this long fails the exchange. */
  idleTimeoutMs?: number;
}

interface UpstreamRequest {
  method: 'GET' | 'POST';
  /** Path below the DICOMweb root, starting with '/', built from a parsed request. */
  path: string;
  /** Encoded query string without '?', or ''. */
  query: string;
  headers: Record<string, string>;
  body?: Readable;
  signal: AbortSignal;
}

export interface UpstreamResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: http.IncomingMessage;
}

interface Upstream {
  /** The DICOMweb root without credentials or trailing slash. */
  readonly base: URL;
  send(request: UpstreamRequest): Promise<UpstreamResponse>;
  close(): void;
}

export function createUpstream(options: UpstreamOptions): Upstream {
  const base = new URL(options.url);
  const authorization = authorizationHeader(options, base);
  base.username = '';
  base.password = '';
  base.pathname = base.pathname.replace(/\/+$/, '');
  base.search = '';
  base.hash = '';
  const secure = base.protocol === 'https:';
  const agent = keepBriefSockets(secure ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true }));
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const idleTimeoutMs = options.idleTimeoutMs ?? 300_000;

  const attempt = (request: UpstreamRequest) =>
    new Promise<UpstreamResponse>((resolve, reject) => {
      const target = new URL(base.href);
      target.pathname = `${base.pathname}${request.path}`;
      target.search = request.query;
      const headers: Record<string, string> = { 'user-agent': 'SecondRead-gateway', ...request.headers };
      if (authorization !== undefined) headers.authorization = authorization;
      const outgoing = (secure ? https : http).request(target, {
        method: request.method,
        headers,
        agent,
        timeout: idleTimeoutMs,
      });
      // Once the answer has begun, failing goes through its body: destroying the request then would
      // error a socket that may already be back in the keep-alive pool, where nobody listens.
      let answer: http.IncomingMessage | undefined;
      const fail = (cause: string) => {
        const error = upstreamUnreachable(cause);
        if (answer === undefined) outgoing.destroy(error);
        else answer.destroy(error);
      };
      // Not http.request's `signal` option, for the same reason: Node hands it on to the pooled socket.
      const abort = () => fail('the client went away');
      if (request.signal.aborted) abort();
      request.signal.addEventListener('abort', abort, { once: true });
      outgoing.once('close', () => request.signal.removeEventListener('abort', abort));
      let connectTimer: NodeJS.Timeout | undefined;
      let bodyError: unknown;
      outgoing.on('socket', (socket: Socket) => {
        if (!socket.connecting) return;
        connectTimer = setTimeout(
          () => outgoing.destroy(upstreamUnreachable(`no connection within ${connectTimeoutMs} ms`)),
          connectTimeoutMs,
        );
        socket.once('connect', () => clearTimeout(connectTimer));
      });
      outgoing.on('timeout', () => fail(`no data for ${idleTimeoutMs} ms`));
      outgoing.on('response', (incoming) => {
        clearTimeout(connectTimer);
        // An abort or timeout after the answer arrived errors the body; when nobody reads it (an error
        // answer being discarded) that must not crash the process. Readers and pipes still get the error.
        incoming.on('error', () => undefined);
        answer = incoming;
        incoming.once('close', () => request.signal.removeEventListener('abort', abort));
        resolve({ status: incoming.statusCode ?? 502, headers: incoming.headers, body: incoming });
      });
      outgoing.on('error', (error) => {
        clearTimeout(connectTimer);
        const cause = bodyError ?? error;
        reject(new AttemptFailed(asHttpError(cause), outgoing.reusedSocket && !(cause instanceof HttpError)));
      });
      if (request.body === undefined) outgoing.end();
      else {
        // pipeline aborts `outgoing` without the body's error, so keep that error (e.g. the upload cap's 413) to report.
        request.body.once('error', (error) => (bodyError = error));
        pipeline(request.body, outgoing, () => undefined);
      }
    });

  return {
    base,
    async send(request) {
      try {
        return await attempt(request);
      } catch (failure) {
        if (!(failure instanceof AttemptFailed)) throw failure;
        // A kept-alive socket the server closed just as we reused it: Node's documented race, safe to retry for GET.
        if (!failure.staleSocket || request.method !== 'GET' || request.signal.aborted) throw failure.error;
        return attempt(request).catch((again: unknown) => {
          throw again instanceof AttemptFailed ? again.error : again;
        });
      }
    },
    close() {
      agent.destroy();
    },
  };
}

/** How long an idle socket is kept when the server announces a keep-alive of one second. */
const BRIEF_KEEP_ALIVE_MS = 400;

/**
 * Node's agent drops a kept-alive socket outright when the server's `Keep-Alive: timeout=N` leaves
 * it under a second of margin (N ≤ 1). Orthanc announces timeout=1, so every frame paid for a new
 * TCP connection. Such sockets are kept briefly instead; should the server close one just as it is
 * reused, `send` retries the GET on a fresh socket.
 */
function keepBriefSockets<T extends http.Agent>(agent: T): T {
  const keepSocketAlive = agent.keepSocketAlive.bind(agent) as (socket: Socket) => boolean;
  agent.keepSocketAlive = (socket: Socket) => {
    if (!keepSocketAlive(socket)) socket.setTimeout(BRIEF_KEEP_ALIVE_MS);
    return true;
  };
  return agent;
}

class AttemptFailed extends Error {
  constructor(
    readonly error: HttpError,
    readonly staleSocket: boolean,
  ) {
    super(error.message);
  }
}

function authorizationHeader(options: UpstreamOptions, base: URL): string | undefined {
  if (options.token !== undefined) return `Bearer ${options.token}`;
  const user = options.user ?? (base.username === '' ? undefined : decodeURIComponent(base.username));
  const password = options.password ?? decodeURIComponent(base.password);
  if (user === undefined) return undefined;
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

/** Network failures become the generic 502; our own HttpErrors (upload cap, timeouts) pass through. */
function asHttpError(error: unknown): HttpError {
  return error instanceof HttpError ? error : upstreamUnreachable(networkCause(error));
}

/** The error's code (ECONNREFUSED, ECONNRESET…) only: Node's messages may name the address. */
function networkCause(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'network error';
  return `upstream ${code}`;
}

/** Reads a whole (small) upstream body, failing with 502 past `maxBytes` instead of exhausting memory. */
export async function readLimited(body: Readable, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      const buffer = chunk as Buffer;
      size += buffer.length;
      if (size > maxBytes) {
        body.destroy();
        throw upstreamInvalidAnswer(`the answer exceeds ${maxBytes} bytes`);
      }
      chunks.push(buffer);
    }
  } catch (error) {
    throw error instanceof HttpError ? error : upstreamUnreachable(networkCause(error));
  }
  return Buffer.concat(chunks);
}
