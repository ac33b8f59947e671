import { existsSync } from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { CLIENT_LIMIT_DEFAULTS, type Config } from './config';
import type { DicomwebBackend } from './dicomweb/backend';
import type { DicomwebGuard } from './dicomweb/guard';
import { DICOMWEB_PREFIX, dicomwebRoutes } from './dicomweb/routes';
import { HttpError } from './errors';
import { compression } from './http/compression';
import { indexPage } from './http/indexPage';
import { staticCacheControl } from './http/staticCache';
import { tlsServer } from './http/tlsServer';
import { registerAccessLayer, type AccessOptions } from './security/accessLayer';
import { loggerOptions, type LogDestination } from './security/loggerOptions';
import { securityHeaders } from './security/securityHeaders';
import {
  clientErrorHandler,
  closeIfBodyUnread,
  http2RequestDeadline,
  serverTimeouts,
  type UploadingSockets,
} from './security/slowClients';

export type AppOptions = GatewayOptions & DicomwebGate;

interface GatewayOptions {
  /** The slow-client limits default to CLIENT_LIMIT_DEFAULTS (tests that do not care leave them out). */
  config: Pick<Config, 'maxUploadBytes' | 'staticDir' | 'trustProxy' | 'logLevel'> &
    Partial<Pick<Config, keyof typeof CLIENT_LIMIT_DEFAULTS>>;
  backend: DicomwebBackend;
  /** Serve https directly (TLS_CERT_FILE, TLS_KEY_FILE), HTTP/2 with HTTP/1.1 fallback, instead of behind a TLS proxy. */
  tls?: { cert: Buffer; key: Buffer };
  /** Where log lines go instead of stdout (tests read them back). */
  logStream?: LogDestination;
}

/**
 * Who may reach /dicomweb; a gateway cannot be built without an answer. `access` is sign-in, share
 * links and audit, whose guard the /dicomweb routes use (main.ts). A bare `guard` stands in for
 * all of that where only the DICOMweb path is under test (test/support/dicomweb/allowAllGuard.ts).
 */
type DicomwebGate = { access: AccessOptions; guard?: never } | { guard: DicomwebGuard; access?: never };

/** API paths answer JSON errors; every other unknown GET path is a client-side route of the SPA. */
const API_PATHS = [DICOMWEB_PREFIX, '/api', '/healthz', '/s/', '/p/', '/u/'];

/** Builds the gateway without listening, so tests can drive it with inject(). */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config, backend, access, tls, logStream } = options;
  const limits = { ...CLIENT_LIMIT_DEFAULTS, ...definedOnly(config) };
  const timeouts = serverTimeouts(limits);
  const uploading: UploadingSockets = new WeakSet();
  const app = Fastify({
    ...(tls === undefined ? {} : { serverFactory: tlsServer(tls, timeouts) }),
    http: timeouts,
    // Fastify sets the server's requestTimeout itself (0, none, unless given).
    requestTimeout: timeouts.requestTimeout,
    clientErrorHandler: clientErrorHandler(uploading),
    logger: loggerOptions(config.logLevel, logStream),
    trustProxy: config.trustProxy,
    // Upload size is enforced by the STOW route itself; JSON bodies stay small.
    bodyLimit: 1024 * 1024,
    // UIDs are case-sensitive and so are our routes: /dicomweb/STUDIES is not /dicomweb/studies.
    routerOptions: { caseSensitive: true, ignoreTrailingSlash: false },
  });

  if (tls !== undefined) app.addHook('onRequest', http2RequestDeadline(timeouts.requestTimeout, uploading));
  app.addHook('onSend', closeIfBodyUnread);
  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    if (error instanceof HttpError) {
      // A 5xx HttpError says only something generic to the client; its cause is for the log.
      if (error.status >= 500) request.log.error({ err: error, cause: error.cause }, 'request failed');
      return reply.code(error.status).send({ error: error.code, message: error.message });
    }
    const status = error.statusCode ?? 500;
    if (status < 500) {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- typed as always set; plain errors leave it out
      return reply.code(status).send({ error: error.code ?? 'BAD_REQUEST', message: error.message });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send({ error: 'INTERNAL_ERROR', message: 'The server could not complete the request' });
  });

  await app.register(securityHeaders, { connectSrc: access?.settings.cspConnectSrc ?? [] });
  await app.register(compression);

  app.get('/healthz', async (_request, reply) => {
    const ready = await backend.ready();
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ok' : 'unavailable', backend: backend.name });
  });

  const guard = access === undefined ? options.guard : await registerAccessLayer(app, { ...access, backend });
  await app.register(dicomwebRoutes, {
    backend,
    guard,
    upload: {
      maxBytes: config.maxUploadBytes,
      maxInstances: limits.stowMaxParts,
      idleMs: limits.uploadIdleSeconds * 1000,
      perSession: limits.stowMaxConcurrentPerSession,
      total: limits.stowMaxConcurrent,
      uploading,
    },
  });

  const hasSpa = existsSync(path.join(config.staticDir, 'index.html'));
  if (hasSpa) {
    await app.register(fastifyStatic, {
      root: config.staticDir,
      wildcard: false,
      // index.html goes out with its bootstrap (http/indexPage.ts), from the not-found handler below.
      index: false,
      allowedPath: (pathName) => pathName !== '/index.html',
      // The build leaves a .br and a .gz beside each asset (vite.config.ts); sent as the client accepts.
      preCompressed: true,
      cacheControl: false,
      setHeaders: (reply, file) => {
        reply.header('cache-control', staticCacheControl(config.staticDir, file));
      },
    });
  }
  const sendIndex = indexPage(app, {
    staticDir: config.staticDir,
    probeSessions: access !== undefined,
    openingPicture: backend.inProcess === true,
  });
  app.setNotFoundHandler((request, reply) => {
    const isApi = API_PATHS.some((prefix) => request.url === prefix || request.url.startsWith(prefix));
    if (hasSpa && !isApi && (request.method === 'GET' || request.method === 'HEAD')) {
      return sendIndex(request, reply);
    }
    return reply.code(404).send({ error: 'NOT_FOUND', message: 'Not found' });
  });

  app.addHook('onClose', async () => backend.close());
  return app;
}

/** The keys whose value is not undefined, so spreading them keeps the defaults of the rest. */
function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}
