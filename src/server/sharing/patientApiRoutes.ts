import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiErrorBody, NoContent } from '../../api/jsonTypes';
import {
  CreatedPatientLink,
  CreatePatientLinkRequest,
  PatientLinkIdParams,
  PatientLinkList,
  PatientLinkSummary,
} from '../../api/patients';
import { actorOf } from '../audit/actorOf';
import { requireCsrf, requireStaff, staffOf } from '../auth/guards';
import type { DicomwebBackend } from '../dicomweb/backend';
import { badRequest, notFound } from '../errors';
import { hashSecret } from '../security/passwords';
import { randomToken, SHARE_TOKEN_BYTES, sha256Hex } from '../security/tokens';
import type { NewPatientLink, PatientLink } from '../store/patientLinks';
import type { StoreData } from '../store/store';
import { newAccessCode, normaliseAccessCode } from './accessCode';
import { backendContext } from './backendContext';
import { findPatientStudies, patientIdentity, type PatientScopeChoice } from './patientStudies';
import { birthDateHash } from './patientVerify';

interface PatientApiOptions {
  backend: DicomwebBackend;
  /** PATIENT_LINK_MAX_DAYS in milliseconds. */
  patientLinkMaxMs: number;
  institutionName: string | undefined;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const DEFAULT_EXPIRY_MS = 90 * DAY_MS;
const errors = { 400: ApiErrorBody, 401: ApiErrorBody, 403: ApiErrorBody, 404: ApiErrorBody };
const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

/**
 * The staff side of patient links: create (with the access code, shown once), list, revoke.
 * Staff only, CSRF on every change; revoking a link also revokes every share its patient
 * forwarded from it.
 */
export async function patientApiRoutes(
  app: FastifyInstance,
  { backend, patientLinkMaxMs, institutionName }: PatientApiOptions,
) {
  app.addHook('onRequest', requireStaff());
  app.addHook('onRequest', requireCsrf);

  /** The link if this staff member may manage it; 404 otherwise, so others' ids reveal nothing. */
  const manageable = async (request: FastifyRequest, id: string): Promise<PatientLink> => {
    const staff = staffOf(request);
    const link = await app.store.patientLinks.get(id);
    if (link === undefined || (link.createdBy !== staff.user.id && staff.role !== 'admin'))
      throw notFound('No such patient link', 'PATIENT_LINK_NOT_FOUND');
    return link;
  };

  app.post<{ Body: CreatePatientLinkRequest }>(
    '/api/patient-links',
    { schema: { body: CreatePatientLinkRequest, response: { 201: CreatedPatientLink, ...errors } } },
    async (request, reply) => {
      const staff = staffOf(request);
      const body = request.body;
      const choice = scopeChoice(body);
      const now = app.clock();
      const lifetime = body.expiresInSeconds === undefined ? DEFAULT_EXPIRY_MS : body.expiresInSeconds * 1000;
      if (lifetime > patientLinkMaxMs)
        throw badRequest(
          `A patient link can last at most ${Math.floor(patientLinkMaxMs / DAY_MS)} days`,
          'EXPIRY_TOO_LONG',
        );
      const facts = await findPatientStudies(backend, backendContext(request), choice);
      const { patientName, birthDate } = patientIdentity(facts);
      if (birthDate === undefined && body.passcode === undefined)
        throw badRequest(
          `${patientName || 'This patient'} has no birth date on record: set a passcode`,
          'PASSCODE_REQUIRED',
        );
      const id = randomUUID();
      const token = randomToken(SHARE_TOKEN_BYTES);
      const accessCode = newAccessCode();
      const link: NewPatientLink = {
        id,
        tokenHash: sha256Hex(token),
        accessCodeHash: sha256Hex(normaliseAccessCode(accessCode)!),
        createdBy: staff.user.id,
        createdByName: staff.user.displayName,
        patientID: 'patientID' in choice ? choice.patientID : undefined,
        studyInstanceUIDs: 'studyInstanceUIDs' in choice ? [...choice.studyInstanceUIDs] : undefined,
        patientName,
        birthDateHash: birthDate === undefined ? undefined : birthDateHash(id, birthDate),
        passcodeHash: body.passcode === undefined ? undefined : await hashSecret(body.passcode),
        allowDownload: body.allowDownload ?? true,
        createdAt: now,
        expiresAt: now + lifetime,
      };
      // One transaction: there is never a link without the record of its making.
      await app.store.transaction(async (tx) => {
        await tx.patientLinks.create(link);
        await app.audit.record(
          {
            type: 'patient.linkCreated',
            outcome: 'success',
            actor: actorOf(staff),
            ip: request.ip,
            studies: facts.map((f) => f.study),
            detail: {
              linkId: id,
              scope: link.patientID === undefined ? 'studies' : 'patient',
              expiresAt: new Date(link.expiresAt).toISOString(),
              birthDate: birthDate !== undefined,
              passcode: link.passcodeHash !== undefined,
              allowDownload: link.allowDownload,
            },
          },
          tx,
        );
      });
      // The token and the code leave the server exactly once, here.
      const base = `${request.protocol}://${request.host}`;
      return reply.code(201).send({
        id,
        url: `${base}/p/${token}`,
        accessCode,
        expiresAt: new Date(link.expiresAt).toISOString(),
        patientName,
        studyCount: facts.length,
        accessUrl: `${base}/p`,
        institution: institutionName ?? null,
      });
    },
  );

  app.get('/api/patient-links', { schema: { response: { 200: PatientLinkList, ...errors } } }, async (request) => {
    const staff = staffOf(request);
    const now = app.clock();
    const links = await app.store.patientLinks.list(staff.role === 'admin' ? undefined : staff.user.id);
    return { links: await Promise.all(links.map((link) => summary(link, now))) };
  });

  const summary = async (link: PatientLink, now: number): Promise<PatientLinkSummary> => ({
    id: link.id,
    patientName: link.patientName,
    patientID: link.patientID ?? null,
    studyCount: link.studyInstanceUIDs?.length ?? null,
    createdAt: iso(link.createdAt)!,
    expiresAt: iso(link.expiresAt)!,
    revokedAt: iso(link.revokedAt),
    allowDownload: link.allowDownload,
    hasPasscode: link.passcodeHash !== undefined,
    lockedUntil: link.lockedUntil !== undefined && link.lockedUntil > now ? iso(link.lockedUntil) : null,
    lastOpenedAt: iso(link.lastOpenedAt),
    forwards: (await app.store.shares.listForwardedFrom(link.id)).length,
  });

  app.get<{ Params: PatientLinkIdParams }>(
    '/api/patient-links/:id',
    { schema: { params: PatientLinkIdParams, response: { 200: PatientLinkSummary, ...errors } } },
    async (request) => summary(await manageable(request, request.params.id), app.clock()),
  );

  app.delete<{ Params: PatientLinkIdParams }>(
    '/api/patient-links/:id',
    { schema: { params: PatientLinkIdParams, response: { 204: NoContent, ...errors } } },
    async (request, reply) => {
      const staff = staffOf(request);
      const link = await manageable(request, request.params.id);
      // One transaction: the link and everything its patient forwarded end together, recorded.
      await app.store.transaction(async (tx) => {
        const now = app.clock();
        if (await tx.patientLinks.revoke(link.id, staff.user.id, now)) {
          await app.audit.record(
            {
              type: 'patient.linkRevoked',
              outcome: 'success',
              actor: actorOf(staff),
              ip: request.ip,
              detail: { linkId: link.id },
            },
            tx,
          );
        }
        await revokeForwards(app, tx, link.id, staff.user.id, actorOf(staff), request.ip, now);
      });
      return reply.code(204).send();
    },
  );
}

/** Revokes the live shares a patient forwarded from one link, each recorded as any share's revocation. */
async function revokeForwards(
  app: FastifyInstance,
  tx: StoreData,
  linkId: string,
  by: string,
  actor: ReturnType<typeof actorOf>,
  ip: string,
  now: number,
) {
  for (const share of await tx.shares.listForwardedFrom(linkId)) {
    if (!(await tx.shares.revoke(share.id, by, now))) continue;
    await app.audit.record(
      {
        type: 'share.revoked',
        outcome: 'success',
        actor,
        ip,
        shareId: share.id,
        studies: share.scope.studies.map((s) => s.study),
        detail: { reason: 'patient link revoked', patientLinkId: linkId },
      },
      tx,
    );
  }
}

function scopeChoice(body: CreatePatientLinkRequest): PatientScopeChoice {
  const patientID = body.patientID?.trim();
  if ((patientID === undefined || patientID === '') === (body.studyInstanceUIDs === undefined))
    throw badRequest('Give either a Patient ID or the chosen studies', 'SCOPE_REQUIRED');
  return patientID ? { patientID } : { studyInstanceUIDs: body.studyInstanceUIDs! };
}
