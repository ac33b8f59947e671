import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiErrorBody, NoContent } from '../../api/jsonTypes';
import {
  CreatedShare,
  CreateShareRequest,
  ExtendShareRequest,
  ShareDetail,
  ShareIdParams,
  ShareList,
  ShareListQuery,
  ShareSummary,
} from '../../api/shares';
import { actorOf } from '../audit/actorOf';
import { conflict, forbidden } from '../auth/authErrors';
import { requireCsrf, requireStaff, staffOf } from '../auth/guards';
import type { DicomwebBackend, RequestContext } from '../dicomweb/backend';
import { DICOMWEB_PREFIX } from '../dicomweb/routes';
import { badRequest, notFound } from '../errors';
import { hashSecret } from '../security/passwords';
import { randomToken, SHARE_TOKEN_BYTES, sha256Hex } from '../security/tokens';
import type { Share } from '../store/shares';
import { resolveScope } from './resolveScope';
import { shareHistory } from './shareHistory';
import { shareReplyView, shareSummary } from './shareView';

interface ShareApiOptions {
  backend: DicomwebBackend;
  shareMaxMs: number;
}

const errors = { 400: ApiErrorBody, 401: ApiErrorBody, 403: ApiErrorBody, 404: ApiErrorBody, 409: ApiErrorBody };

/**
 * The senders' API: create, list, inspect, revoke, extend and unlock share links. Staff only, CSRF on
 * every change; a context of its own, sibling to the link-opening routes.
 */
export async function shareApiRoutes(app: FastifyInstance, { backend, shareMaxMs }: ShareApiOptions) {
  app.addHook('onRequest', requireStaff());
  app.addHook('onRequest', requireCsrf);

  const expiryFrom = (now: number, seconds: number) => {
    if (seconds * 1000 > shareMaxMs) {
      throw badRequest(`A link can last at most ${Math.floor(shareMaxMs / 1000)} seconds`, 'EXPIRY_TOO_LONG');
    }
    return now + seconds * 1000;
  };

  const summary = async (share: Share, now: number) =>
    shareSummary(share, now, await app.store.auditLog.lastForShare(share.id, 'share.opened'), {
      count: await app.store.shareReplies.count(share.id),
      lastAt: await app.store.shareReplies.lastReceivedAt(share.id),
    });

  /** The share if this staff member may manage it; 404 otherwise, so ids of others' shares reveal nothing. */
  const manageable = async (request: FastifyRequest, id: string): Promise<Share> => {
    const staff = staffOf(request);
    const share = await app.store.shares.get(id);
    if (share === undefined || (share.createdBy !== staff.user.id && staff.role !== 'admin'))
      throw notFound('No such share', 'SHARE_NOT_FOUND');
    return share;
  };

  app.post<{ Body: CreateShareRequest }>(
    '/api/shares',
    { schema: { body: CreateShareRequest, response: { 201: CreatedShare, ...errors } } },
    async (request, reply) => {
      const staff = staffOf(request);
      const body = request.body;
      const now = app.clock();
      const expiresAt = expiryFrom(now, body.expiresInSeconds);
      const studies = await resolveScope(
        backend,
        backendContext(request),
        body.studyInstanceUIDs,
        body.seriesInstanceUIDs,
      );
      const token = randomToken(SHARE_TOKEN_BYTES);
      const share = {
        id: randomUUID(),
        tokenHash: sha256Hex(token),
        createdBy: staff.user.id,
        senderName: staff.user.displayName,
        label: body.label?.trim() || undefined,
        message: plainMessage(body.message),
        scope: {
          studies,
          seriesScoped: body.seriesInstanceUIDs !== undefined,
          allowDownload: body.allowDownload ?? false,
          allowReply: body.allowReply ?? false,
        },
        passcodeHash: body.passcode === undefined ? undefined : await hashSecret(body.passcode),
        maxOpens: body.maxOpens,
        createdAt: now,
        expiresAt,
      };
      // One transaction: there is never a link without the record of its making.
      await app.store.transaction(async (tx) => {
        await tx.shares.create(share);
        await app.audit.record(
          {
            type: 'share.created',
            outcome: 'success',
            actor: actorOf(staff),
            ip: request.ip,
            shareId: share.id,
            studies: studies.map((s) => s.study),
            detail: {
              expiresAt: new Date(expiresAt).toISOString(),
              series: share.scope.seriesScoped ? studies.flatMap((s) => s.series) : null,
              passcode: share.passcodeHash !== undefined,
              maxOpens: share.maxOpens ?? null,
              allowDownload: share.scope.allowDownload,
              allowReply: share.scope.allowReply,
              label: share.label ?? null,
              // Whether there is a message, not what it says: it may name the patient.
              message: share.message !== undefined,
            },
          },
          tx,
        );
      });
      // The token leaves the server exactly once, here.
      const url = `${request.protocol}://${request.host}/s/${token}`;
      return reply.code(201).send({ id: share.id, url, expiresAt: new Date(expiresAt).toISOString() });
    },
  );

  app.get<{ Querystring: ShareListQuery }>(
    '/api/shares',
    { schema: { querystring: ShareListQuery, response: { 200: ShareList, ...errors } } },
    async (request) => {
      const staff = staffOf(request);
      const all = request.query.all === '1' || request.query.all === 'true';
      if (all && staff.role !== 'admin') throw forbidden("Only administrators can list everyone's shares");
      const now = app.clock();
      const shares = await app.store.shares.list(all ? undefined : staff.user.id);
      return { shares: await Promise.all(shares.map((share) => summary(share, now))) };
    },
  );

  app.get<{ Params: ShareIdParams }>(
    '/api/shares/:id',
    { schema: { params: ShareIdParams, response: { 200: ShareDetail, ...errors } } },
    async (request) => {
      const share = await manageable(request, request.params.id);
      return {
        share: await summary(share, app.clock()),
        ...(await shareHistory(app.store, share.id)),
        replies: (await app.store.shareReplies.forShare(share.id)).map(shareReplyView),
      };
    },
  );

  app.delete<{ Params: ShareIdParams }>(
    '/api/shares/:id',
    { schema: { params: ShareIdParams, response: { 204: NoContent, ...errors } } },
    async (request, reply) => {
      const staff = staffOf(request);
      const share = await manageable(request, request.params.id);
      // One transaction: a revocation is recorded, or it did not happen.
      await app.store.transaction(async (tx) => {
        if (!(await tx.shares.revoke(share.id, staff.user.id, app.clock()))) return;
        await app.audit.record(
          {
            type: 'share.revoked',
            outcome: 'success',
            actor: actorOf(staff),
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

  app.patch<{ Params: ShareIdParams; Body: ExtendShareRequest }>(
    '/api/shares/:id',
    { schema: { params: ShareIdParams, body: ExtendShareRequest, response: { 200: ShareSummary, ...errors } } },
    async (request) => {
      const staff = staffOf(request);
      const share = await manageable(request, request.params.id);
      if (share.revokedAt !== undefined)
        throw conflict('A revoked link cannot be changed; create a new one', 'SHARE_REVOKED');
      // A patient's forward must end with their own link; only the patient sets its end.
      if (share.forwardedFrom !== undefined)
        throw conflict('This link was sent by a patient; its end follows their link', 'PATIENT_FORWARD');
      const now = app.clock();
      const expiresAt = expiryFrom(now, request.body.expiresInSeconds);
      await app.store.transaction(async (tx) => {
        await tx.shares.setExpiry(share.id, expiresAt);
        await app.audit.record(
          {
            type: 'share.extended',
            outcome: 'success',
            actor: actorOf(staff),
            ip: request.ip,
            shareId: share.id,
            detail: { from: new Date(share.expiresAt).toISOString(), to: new Date(expiresAt).toISOString() },
          },
          tx,
        );
      });
      return summary({ ...share, expiresAt }, now);
    },
  );

  // Lifts a lock that wrong passcodes put on the link (the 15-minute one, or the one that lasts until now).
  app.post<{ Params: ShareIdParams }>(
    '/api/shares/:id/unlock',
    { schema: { params: ShareIdParams, response: { 200: ShareSummary, ...errors } } },
    async (request) => {
      const staff = staffOf(request);
      const share = await manageable(request, request.params.id);
      if (share.revokedAt !== undefined)
        throw conflict('A revoked link cannot be changed; create a new one', 'SHARE_REVOKED');
      await app.store.transaction(async (tx) => {
        await tx.shares.unlock(share.id);
        await app.audit.record(
          {
            type: 'share.unlocked',
            outcome: 'success',
            actor: actorOf(staff),
            ip: request.ip,
            shareId: share.id,
            detail: { passcodeFailures: share.passcodeFailures, wasBlocked: share.passcodeBlockedAt !== undefined },
          },
          tx,
        );
      });
      return summary((await app.store.shares.get(share.id))!, app.clock());
    },
  );
}

/** The message as the recipient will read it: one kind of line break, no blank edges; blank is none. */
function plainMessage(message: string | undefined): string | undefined {
  return message?.replace(/\r\n?/g, '\n').trim() || undefined;
}

function backendContext(request: FastifyRequest): RequestContext {
  return {
    accept: 'application/dicom+json',
    publicBase: `${request.protocol}://${request.host}${DICOMWEB_PREFIX}`,
    signal: new AbortController().signal,
  };
}
