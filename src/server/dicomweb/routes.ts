import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { BackendResponse, DicomwebBackend, RequestContext } from './backend';
import { answerRange } from './byteRanges';
import type { DicomwebGuard } from './guard';
import { parseDicomwebRequest } from './request';
import { uploadBody, type UploadLimits } from './uploadBody';
import { uploadSlots } from './uploadSlots';

export const DICOMWEB_PREFIX = '/dicomweb';

interface DicomwebRoutesOptions {
  backend: DicomwebBackend;
  upload: UploadLimits & { perSession: number; total: number };
  /**
   * Access control before parsing and between parse and backend; there is no /dicomweb without
   * one. The access layer supplies it (sharing/dicomwebGuard.ts).
   */
  guard: DicomwebGuard;
}

/** The /dicomweb API: parse once, guard, then hand the typed request to the backend. */
export async function dicomwebRoutes(app: FastifyInstance, options: DicomwebRoutesOptions) {
  const { backend, upload, guard } = options;
  const slots = uploadSlots({ perUploader: upload.perSession, total: upload.total });

  // STOW-RS bodies stay streams: the backend reads them part by part under the upload cap.
  // Fastify's own text/plain and JSON parsers would win over '*' and hand STOW a string (a 500, not a 415).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const rawUrl = request.raw.url ?? '';
    const queryAt = rawUrl.indexOf('?');
    const rawPath = (queryAt < 0 ? rawUrl : rawUrl.slice(0, queryAt)).slice(DICOMWEB_PREFIX.length);
    const rawQuery = queryAt < 0 ? '' : rawUrl.slice(queryAt + 1);
    await guard.admit(request);
    const guarded = await guard.check(request, parseDicomwebRequest(request.method, rawPath, rawQuery));
    const parsed = guarded.request;
    if (parsed === null) return reply.type('application/dicom+json').send('[]');
    const context = requestContext(request, reply, rawQuery);

    if (parsed.kind === 'search') {
      const result = await backend.search(parsed, context);
      const filter = 'filter' in guarded ? guarded.filter : undefined;
      const datasets = filter
        ? result.datasets.map(filter).filter((dataset) => dataset !== undefined)
        : result.datasets;
      if (result.warnings.length > 0)
        reply.header('warning', result.warnings.map((w) => `299 SecondRead: "${w}"`).join(', '));
      return reply.type('application/dicom+json').send(JSON.stringify(datasets));
    }
    if (parsed.kind === 'store') {
      const slot = slots.take(uploaderOf(request));
      if ('refusal' in slot) {
        return reply
          .code(429)
          .header('retry-after', String(UPLOAD_RETRY_SECONDS))
          .send({ error: 'TOO_MANY_UPLOADS', message: slot.refusal });
      }
      const input = {
        contentType: request.headers['content-type'],
        body: uploadBody(request, upload),
        maxInstances: upload.maxInstances,
      };
      const screen = 'screen' in guarded ? guarded.screen : undefined;
      let stored: BackendResponse;
      try {
        const store = (screened: typeof input) => backend.store(parsed, screened, context);
        stored = screen ? await screen(input, context, store) : await store(input);
      } finally {
        slot.release();
      }
      return send(reply, stored);
    }
    return send(
      reply,
      answerRange(await backend.retrieve(parsed, context), context.range, request.headers['if-range']),
    );
  };

  app.route({ method: ['GET', 'HEAD', 'POST'], url: DICOMWEB_PREFIX, handler });
  app.route({ method: ['GET', 'HEAD', 'POST'], url: `${DICOMWEB_PREFIX}/*`, handler });
  app.route({
    method: ['PUT', 'DELETE', 'PATCH', 'OPTIONS'],
    url: `${DICOMWEB_PREFIX}/*`,
    handler: async (request, reply) => {
      await guard.admit(request);
      return reply
        .code(405)
        .header('allow', 'GET, HEAD, POST')
        .send({ error: 'METHOD_NOT_ALLOWED', message: `${request.method} is not supported` });
    },
  });
}

/** When a client refused for too many uploads may try again: a guess, since uploads run for seconds to hours. */
const UPLOAD_RETRY_SECONDS = 10;

/** Whom concurrent uploads count against: the staff session, else the address. */
function uploaderOf(request: FastifyRequest): string {
  const principal = request.principal as FastifyRequest['principal'] | undefined;
  return principal?.kind === 'staff' ? `session:${principal.session.idHash}` : `ip:${request.ip}`;
}

function requestContext(request: FastifyRequest, reply: FastifyReply, rawQuery: string): RequestContext {
  const acceptParam = new URLSearchParams(rawQuery).getAll('accept');
  const acceptHeader = request.headers.accept;
  const accept = acceptParam.length > 0 ? acceptParam.join(', ') : acceptHeader;
  const controller = new AbortController();
  // The client went away before the response was written: stop upstream and disk work.
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) controller.abort();
  });
  return {
    accept,
    publicBase: `${request.protocol}://${request.host}${DICOMWEB_PREFIX}`,
    signal: controller.signal,
    ifNoneMatch: request.headers['if-none-match'],
    range: request.headers.range,
  };
}

function send(reply: FastifyReply, response: BackendResponse) {
  reply.code(response.status).headers(response.headers);
  return reply.send(response.body ?? '');
}
