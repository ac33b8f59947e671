import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiErrorBody, NoContent } from '../../api/jsonTypes';
import {
  AcceptedUpload,
  AcceptUploadRequest,
  CreatedUploadLink,
  CreateUploadLinkRequest,
  UploadIdParams,
  UploadLinkList,
  UploadList,
  type UploadSummary,
} from '../../api/uploads';
import { actorOf } from '../audit/actorOf';
import { requireCsrf, requireStaff, staffOf } from '../auth/guards';
import type { StaffPrincipal } from '../auth/principal';
import type { DicomwebBackend, RequestContext } from '../dicomweb/backend';
import { badRequest, HttpError, notFound } from '../errors';
import { acceptUpload } from '../quarantine/acceptUpload';
import { identityChecks } from '../quarantine/identityChecks';
import type { QuarantineFiles } from '../quarantine/quarantineFiles';
import { randomToken, SHARE_TOKEN_BYTES, sha256Hex } from '../security/tokens';
import { backendContext } from '../sharing/backendContext';
import { keyedLock } from '../sharing/keyedLock';
import type { UploadLink } from '../store/uploadLinks';
import type { Upload } from '../store/uploads';

interface UploadApiOptions {
  backend: DicomwebBackend;
  quarantine: QuarantineFiles;
  /** UPLOAD_LINK_MAX_DAYS, in milliseconds. */
  uploadLinkMaxMs: number;
}

const errors = { 400: ApiErrorBody, 401: ApiErrorBody, 403: ApiErrorBody, 404: ApiErrorBody, 409: ApiErrorBody };
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Staff's side of upload links: make, list and revoke links, and review what arrived ("Incoming"):
 * list, accept into the archive (Patient ID reconciled when asked) or reject (deleted). Staff only,
 * CSRF on every change. Admins see every link and upload; others those of links they made or that
 * were forwarded to them.
 */
export async function uploadApiRoutes(
  app: FastifyInstance,
  { backend, quarantine, uploadLinkMaxMs }: UploadApiOptions,
) {
  app.addHook('onRequest', requireStaff());
  app.addHook('onRequest', requireCsrf);
  // Accept and reject of one upload run one at a time: a second accept finds only what the first left.
  const lock = keyedLock();

  const mayManage = (staff: StaffPrincipal, link: UploadLink) =>
    staff.role === 'admin' || link.createdBy === staff.user.id || link.forwardTo === staff.user.id;

  const usernameOf = async (userId: string | undefined) =>
    userId === undefined ? null : ((await app.store.users.findById(userId))?.username ?? null);

  /** The upload and its link if this staff member may review it; 404 otherwise, so others' ids reveal nothing. */
  const reviewable = async (request: FastifyRequest, id: string): Promise<{ upload: Upload; link: UploadLink }> => {
    const upload = await app.store.uploads.get(id);
    const link = upload && (await app.store.uploadLinks.get(upload.linkId));
    if (upload === undefined || link === undefined || !mayManage(staffOf(request), link))
      throw notFound('No such upload: it may have been accepted or rejected already', 'UPLOAD_NOT_FOUND');
    return { upload, link };
  };

  app.post<{ Body: CreateUploadLinkRequest }>(
    '/api/upload-links',
    { schema: { body: CreateUploadLinkRequest, response: { 201: CreatedUploadLink, ...errors } } },
    async (request, reply) => {
      const staff = staffOf(request);
      const { label, expiresInSeconds, forwardTo } = request.body;
      if (expiresInSeconds * 1000 > uploadLinkMaxMs) {
        const days = Math.floor(uploadLinkMaxMs / 86_400_000);
        throw badRequest(`An upload link can last at most ${days} days (UPLOAD_LINK_MAX_DAYS)`, 'EXPIRY_TOO_LONG');
      }
      const recipient = forwardTo === undefined ? undefined : await app.store.users.findByUsername(forwardTo);
      if (forwardTo !== undefined && recipient === undefined)
        throw badRequest(`There is no user "${forwardTo}" to forward the uploads to`, 'USER_NOT_FOUND');
      const now = app.clock();
      const token = randomToken(SHARE_TOKEN_BYTES);
      const link = {
        id: randomUUID(),
        tokenHash: sha256Hex(token),
        label: label.trim() || 'Upload',
        forwardTo: recipient?.id,
        createdBy: staff.user.id,
        createdAt: now,
        expiresAt: now + expiresInSeconds * 1000,
      };
      // One transaction: there is never a link without the record of its making.
      await app.store.transaction(async (tx) => {
        await tx.uploadLinks.create(link);
        await app.audit.record(
          {
            type: 'upload.linkCreated',
            outcome: 'success',
            actor: actorOf(staff),
            ip: request.ip,
            detail: {
              linkId: link.id,
              label: link.label,
              expiresAt: iso(link.expiresAt),
              forwardTo: recipient?.username ?? null,
            },
          },
          tx,
        );
      });
      // The token leaves the server exactly once, here.
      const url = `${request.protocol}://${request.host}/u/${token}`;
      return reply.code(201).send({ id: link.id, url, expiresAt: iso(link.expiresAt) });
    },
  );

  app.get('/api/upload-links', { schema: { response: { 200: UploadLinkList, ...errors } } }, async (request) => {
    const staff = staffOf(request);
    const links = await app.store.uploadLinks.list(staff.role === 'admin' ? undefined : staff.user.id);
    const counts = await app.store.uploads.countByLink();
    return {
      links: await Promise.all(
        links.map(async (link) => ({
          id: link.id,
          label: link.label,
          forwardTo: await usernameOf(link.forwardTo),
          createdAt: iso(link.createdAt),
          expiresAt: iso(link.expiresAt),
          revokedAt: link.revokedAt === undefined ? null : iso(link.revokedAt),
          uploads: counts.get(link.id) ?? 0,
        })),
      ),
    };
  });

  app.delete<{ Params: UploadIdParams }>(
    '/api/upload-links/:id',
    { schema: { params: UploadIdParams, response: { 204: NoContent, ...errors } } },
    async (request, reply) => {
      const staff = staffOf(request);
      const link = await app.store.uploadLinks.get(request.params.id);
      if (link === undefined || !mayManage(staff, link)) throw notFound('No such upload link', 'LINK_NOT_FOUND');
      await app.store.transaction(async (tx) => {
        // Revoked stays revoked: a second DELETE changes nothing and records nothing.
        if (!(await tx.uploadLinks.revoke(link.id, staff.user.id, app.clock()))) return;
        await app.audit.record(
          {
            type: 'upload.linkRevoked',
            outcome: 'success',
            actor: actorOf(staff),
            ip: request.ip,
            detail: { linkId: link.id, label: link.label },
          },
          tx,
        );
      });
      return reply.code(204).send();
    },
  );

  app.get('/api/uploads', { schema: { response: { 200: UploadList, ...errors } } }, async (request) => {
    const staff = staffOf(request);
    const context = backendContext(request);
    const links = new Map<string, UploadLink | undefined>();
    const summaries: UploadSummary[] = [];
    for (const upload of await app.store.uploads.list()) {
      if (!links.has(upload.linkId)) links.set(upload.linkId, await app.store.uploadLinks.get(upload.linkId));
      const link = links.get(upload.linkId);
      if (link === undefined || !mayManage(staff, link)) continue;
      summaries.push(await summarise(upload, link, context));
    }
    return { uploads: summaries };
  });

  const summarise = async (upload: Upload, link: UploadLink, context: RequestContext): Promise<UploadSummary> => {
    const instances = await app.store.uploads.instances(upload.id);
    const series = new Map<string, UploadSummary['series'][number]>();
    for (const instance of instances) {
      const entry = series.get(instance.seriesUID) ?? {
        uid: instance.seriesUID,
        modality: instance.modality ?? null,
        description: instance.seriesDescription ?? null,
        instances: 0,
      };
      entry.instances++;
      series.set(instance.seriesUID, entry);
    }
    const findings = await identityChecks(backend, context, upload);
    return {
      id: upload.id,
      linkId: link.id,
      linkLabel: link.label,
      forwardTo: await usernameOf(link.forwardTo),
      uploadedFrom: upload.uploadedFrom,
      firstReceivedAt: iso(upload.firstReceivedAt),
      lastReceivedAt: iso(upload.lastReceivedAt),
      patient: { id: upload.patientID ?? null, name: upload.patientName ?? null, birthDate: upload.birthDate ?? null },
      study: {
        uid: upload.studyUID,
        date: upload.studyDate ?? null,
        description: upload.studyDescription ?? null,
        modalities: [...new Set(instances.flatMap((i) => i.modality ?? []))].sort(),
      },
      series: [...series.values()],
      instances: instances.length,
      bytes: instances.reduce((sum, i) => sum + i.size, 0),
      warnings: [...new Set([...findings.warnings, ...instances.flatMap((i) => i.warnings)])],
      mismatches: findings.mismatches,
    };
  };

  app.post<{ Params: UploadIdParams; Body: AcceptUploadRequest }>(
    '/api/uploads/:id/accept',
    { schema: { params: UploadIdParams, body: AcceptUploadRequest, response: { 200: AcceptedUpload, ...errors } } },
    async (request) => {
      const staff = staffOf(request);
      return lock([request.params.id], async () => {
        const { upload, link } = await reviewable(request, request.params.id);
        const patientID = request.body.patientID?.trim();
        const outcome = await acceptUpload(
          backend,
          backendContext(request),
          { uploads: app.store.uploads, files: quarantine },
          upload,
          patientID,
        );
        await app.audit.record({
          type: 'upload.accepted',
          outcome: outcome.failures.length === 0 ? 'success' : 'failure',
          actor: actorOf(staff),
          ip: request.ip,
          studies: [upload.studyUID],
          detail: {
            uploadId: upload.id,
            linkId: link.id,
            instances: outcome.accepted,
            failed: outcome.failures.length,
            // Whether the Patient ID was changed, not to what: the audit names no patient.
            patientIDChanged: patientID !== undefined && patientID !== upload.patientID,
          },
        });
        if (outcome.failures.length > 0) {
          throw new HttpError(
            409,
            'ACCEPT_INCOMPLETE',
            `${outcome.failures.length} instance(s) were not stored and stay in Incoming; the first: ${outcome.failures[0]}`,
          );
        }
        return { studyInstanceUID: upload.studyUID, instances: outcome.accepted };
      });
    },
  );

  app.delete<{ Params: UploadIdParams }>(
    '/api/uploads/:id',
    { schema: { params: UploadIdParams, response: { 204: NoContent, ...errors } } },
    async (request, reply) => {
      const staff = staffOf(request);
      return lock([request.params.id], async () => {
        const { upload, link } = await reviewable(request, request.params.id);
        const instances = await app.store.uploads.instances(upload.id);
        // Rows first, then files: a crash in between leaves files without rows, which the next start deletes.
        await app.store.transaction(async (tx) => {
          await tx.uploads.delete(upload.id);
          await app.audit.record(
            {
              type: 'upload.rejected',
              outcome: 'success',
              actor: actorOf(staff),
              ip: request.ip,
              studies: [upload.studyUID],
              detail: { uploadId: upload.id, linkId: link.id, instances: instances.length },
            },
            tx,
          );
        });
        await quarantine.removeUpload(upload.id);
        return reply.code(204).send();
      });
    },
  );
}
