import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../audit/actorOf';
import { auditRefusal } from '../audit/refusalAudit';
import { unauthenticated } from '../auth/authErrors';
import { errorSchema } from '../auth/authSchemas';
import { requireStaff, staffOf } from '../auth/guards';
import type { PatientPrincipal, SharePrincipal, StaffPrincipal } from '../auth/principal';
import type { DicomwebBackend, RequestContext } from '../dicomweb/backend';
import { DICOMWEB_PREFIX } from '../dicomweb/routes';
import { badRequest, HttpError, notFound } from '../errors';
import { isUid } from '../../dicom/uid';
import { authorize } from '../sharing/authorize';
import { downloadArchive, downloadRefusal } from './downloadArchive';
import { planDownload } from './downloadPlan';

interface DownloadRoutesOptions {
  backend: DicomwebBackend;
}

const studyParams = {
  type: 'object',
  required: ['study'],
  properties: { study: { type: 'string', maxLength: 64 } },
} as const;
const errors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema };
// The body is a stream; HEAD would plan and start a whole download only to drop it.
const routeOptions = { exposeHeadRoute: false } as const;

/**
 * Download as a zip of DICOM files with a DICOMDIR: what a share allows its recipient (only with
 * allowDownload, only its studies and series), and any study for staff. Every file comes through
 * the backend's WADO-RS after the same authorize() as /dicomweb, so both backends and both kinds
 * of caller follow one rule.
 */
export async function downloadRoutes(app: FastifyInstance, { backend }: DownloadRoutesOptions) {
  const download = async (
    request: FastifyRequest,
    reply: FastifyReply,
    principal: SharePrincipal | StaffPrincipal | PatientPrincipal,
    studies: string[],
    fileName: string,
  ) => {
    const refuse = async (refusal: { status: 401 | 403; code: string; reason: string }) => {
      await auditRefusal(app, request, { ...refusal, studies, detail: { request: 'download' } });
      return new HttpError(refusal.status, refusal.code, refusal.reason);
    };
    // Before any search: a share without download is refused by the rule alone.
    if (principal.kind === 'share') {
      const refusal = downloadRefusal(
        principal,
        principal.share.scope.studies.flatMap(({ study, series }) => series.map((uid) => ({ study, series: uid }))),
      );
      if (refusal !== undefined) throw await refuse(refusal);
    }
    // A patient's: the link must allow it, and only studies of theirs are even looked up.
    if (principal.kind === 'patient') {
      for (const study of studies) {
        const decision = authorize(principal, { kind: 'instances', study });
        if (decision.effect === 'deny') throw await refuse(decision);
      }
    }
    const context = downloadContext(request, reply);
    const plan = await planDownload(principal, backend, context, studies);
    if (plan.instances.length === 0)
      throw notFound('There is nothing to download: the study was not found', 'STUDY_NOT_FOUND');
    const refusal = downloadRefusal(principal, plan.instances);
    if (refusal !== undefined) throw await refuse(refusal);

    await app.audit.record({
      type: 'study.downloaded',
      outcome: 'success',
      actor: actorOf(principal),
      ip: request.ip,
      shareId: principal.kind === 'share' ? principal.share.id : undefined,
      studies: [...new Set(plan.instances.map((instance) => instance.study))],
      detail: {
        instances: plan.instances.length,
        series: [...new Set(plan.instances.map((instance) => instance.series))],
      },
    });
    const body = downloadArchive({ principal, backend, context, plan, dicomdirUID: uuidUid() });
    body.once('error', (error) => request.log.warn({ err: error }, 'download stopped before the end'));
    return reply
      .type('application/zip')
      .header('content-disposition', `attachment; filename="${fileName}"`)
      .header('cache-control', 'private, no-store')
      .send(body);
  };

  app.get('/api/share-session/download', { ...routeOptions, schema: { response: errors } }, async (request, reply) => {
    const principal = request.principal;
    if (principal.kind !== 'share') throw unauthenticated(principal.kind === 'anonymous' ? principal : undefined);
    return download(
      request,
      reply,
      principal,
      principal.share.scope.studies.map((s) => s.study),
      'shared-studies.zip',
    );
  });

  app.get(
    '/api/patient-session/download',
    { ...routeOptions, schema: { response: errors } },
    async (request, reply) => {
      const principal = request.principal;
      if (principal.kind !== 'patient') throw unauthenticated(principal.kind === 'anonymous' ? principal : undefined);
      return download(
        request,
        reply,
        principal,
        principal.scope.studies.map((s) => s.study),
        'my-studies.zip',
      );
    },
  );

  // Staff: any study; a patient: one of their own (the download rule above decides).
  app.get<{ Params: { study: string } }>(
    '/api/studies/:study/download',
    { ...routeOptions, onRequest: staffOrPatient, schema: { params: studyParams, response: errors } },
    async (request, reply) => {
      const { study } = request.params;
      if (!isUid(study)) throw badRequest(`Invalid study UID "${study.slice(0, 64)}"`, 'INVALID_UID');
      const principal = request.principal;
      return download(
        request,
        reply,
        principal.kind === 'patient' ? principal : staffOf(request),
        [study],
        `study-${study}.zip`,
      );
    },
  );
}

/** Staff (requireStaff's rules), or a patient session. */
async function staffOrPatient(request: FastifyRequest) {
  if (request.principal.kind === 'patient') return;
  await requireStaff()(request);
}

function downloadContext(request: FastifyRequest, reply: FastifyReply): RequestContext {
  const controller = new AbortController();
  // The client went away: stop the backend's reads.
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) controller.abort();
  });
  return {
    accept: 'application/dicom+json',
    publicBase: `${request.protocol}://${request.host}${DICOMWEB_PREFIX}`,
    signal: controller.signal,
  };
}

/** A UID from a random UUID (PS3.5 B.2). */
function uuidUid(): string {
  return `2.25.${BigInt(`0x${randomUUID().replaceAll('-', '')}`).toString(10)}`;
}
