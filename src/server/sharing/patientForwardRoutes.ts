import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiErrorBody, NoContent } from '../../api/jsonTypes';
import {
  CreatePatientShareRequest,
  PatientLinkIdParams,
  PatientShareList,
  type PatientShareSummary,
} from '../../api/patients';
import { CreatedShare } from '../../api/shares';
import { actorOf } from '../audit/actorOf';
import { forbidden, unauthenticated } from '../auth/authErrors';
import { requireCsrf } from '../auth/guards';
import type { PatientPrincipal } from '../auth/principal';
import { badRequest, notFound } from '../errors';
import { formatTime } from '../security/htmlPage';
import { hashSecret } from '../security/passwords';
import { randomToken, SHARE_TOKEN_BYTES, sha256Hex } from '../security/tokens';
import type { NewShare, Share } from '../store/shares';

interface PatientForwardOptions {
  /** SHARE_MAX_SECONDS in milliseconds: a forward is a share link and keeps its limit too. */
  shareMaxMs: number;
}

const errors = { 400: ApiErrorBody, 401: ApiErrorBody, 403: ApiErrorBody, 404: ApiErrorBody };
const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

/** onRequest hook: only a patient session reaches these routes. */
async function requirePatient(request: FastifyRequest) {
  const principal = request.principal;
  if (principal.kind === 'anonymous') throw unauthenticated(principal);
  if (principal.kind !== 'patient') throw forbidden('Only a patient can send their own studies on', 'PATIENT_ONLY');
}

const patientOf = (request: FastifyRequest) => request.principal as PatientPrincipal;

/**
 * "Send to a doctor": a patient makes an ordinary share link of some of their studies (whole
 * studies, replies allowed, no download), which the share guard, link pages and audit treat like
 * any other; they list and revoke their own. A forward never outlives the patient's link.
 */
export async function patientForwardRoutes(app: FastifyInstance, { shareMaxMs }: PatientForwardOptions) {
  app.addHook('onRequest', requirePatient);
  app.addHook('onRequest', requireCsrf);

  app.post<{ Body: CreatePatientShareRequest }>(
    '/api/patient/shares',
    { schema: { body: CreatePatientShareRequest, response: { 201: CreatedShare, ...errors } } },
    async (request, reply) => {
      const patient = patientOf(request);
      const { link } = patient;
      const body = request.body;
      const studies = body.studyInstanceUIDs.map((uid) => {
        const study = patient.scope.studies.find((s) => s.study === uid);
        if (study === undefined) throw forbidden('That study is not one of yours', 'OUT_OF_SCOPE');
        return study;
      });
      const now = app.clock();
      const expiresAt = now + body.expiresInSeconds * 1000;
      const latest = Math.min(link.expiresAt, now + shareMaxMs);
      if (expiresAt > latest)
        throw badRequest(
          `A link you send can last until ${formatTime(latest)} at the latest${latest === link.expiresAt ? ', when your own link ends' : ''}`,
          'EXPIRY_TOO_LONG',
        );
      const token = randomToken(SHARE_TOKEN_BYTES);
      const share: NewShare = {
        id: randomUUID(),
        tokenHash: sha256Hex(token),
        // shares.created_by must name a user: the staff member who made the patient link.
        createdBy: link.createdBy,
        forwardedFrom: link.id,
        senderName: link.patientName,
        label: body.recipient?.trim() || undefined,
        message: body.message?.replace(/\r\n?/g, '\n').trim() || undefined,
        scope: { studies, seriesScoped: false, allowDownload: false, allowReply: true },
        passcodeHash: body.passcode === undefined ? undefined : await hashSecret(body.passcode),
        maxOpens: undefined,
        createdAt: now,
        expiresAt,
      };
      await app.store.transaction(async (tx) => {
        await tx.shares.create(share);
        await app.audit.record(
          {
            type: 'share.created',
            outcome: 'success',
            actor: actorOf(patient),
            ip: request.ip,
            shareId: share.id,
            studies: studies.map((s) => s.study),
            detail: {
              expiresAt: new Date(expiresAt).toISOString(),
              series: null,
              passcode: share.passcodeHash !== undefined,
              maxOpens: null,
              allowDownload: false,
              allowReply: true,
              label: share.label ?? null,
              message: share.message !== undefined,
              forwardedFrom: link.id,
            },
          },
          tx,
        );
      });
      const url = `${request.protocol}://${request.host}/s/${token}`;
      return reply.code(201).send({ id: share.id, url, expiresAt: new Date(expiresAt).toISOString() });
    },
  );

  app.get('/api/patient/shares', { schema: { response: { 200: PatientShareList, ...errors } } }, async (request) => {
    const shares = await app.store.shares.listForwardedFrom(patientOf(request).link.id);
    return { shares: await Promise.all(shares.map(summary)) };
  });

  const summary = async (share: Share): Promise<PatientShareSummary> => ({
    id: share.id,
    label: share.label ?? null,
    studies: share.scope.studies.map((s) => s.study),
    createdAt: iso(share.createdAt)!,
    expiresAt: iso(share.expiresAt)!,
    revokedAt: iso(share.revokedAt),
    opens: share.opens,
    lastOpenedAt: iso(await app.store.auditLog.lastForShare(share.id, 'share.opened')),
    lastReplyAt: iso(await app.store.shareReplies.lastReceivedAt(share.id)),
  });

  app.delete<{ Params: PatientLinkIdParams }>(
    '/api/patient/shares/:id',
    { schema: { params: PatientLinkIdParams, response: { 204: NoContent, ...errors } } },
    async (request, reply) => {
      const patient = patientOf(request);
      const share = await app.store.shares.get(request.params.id);
      // Someone else's share is "not found": its id reveals nothing.
      if (share === undefined || share.forwardedFrom !== patient.link.id)
        throw notFound('No such link', 'SHARE_NOT_FOUND');
      await app.store.transaction(async (tx) => {
        if (!(await tx.shares.revoke(share.id, `patient:${patient.link.id}`, app.clock()))) return;
        await app.audit.record(
          {
            type: 'share.revoked',
            outcome: 'success',
            actor: actorOf(patient),
            ip: request.ip,
            shareId: share.id,
            studies: share.scope.studies.map((s) => s.study),
          },
          tx,
        );
      });
      return reply.code(204).send();
    },
  );
}
