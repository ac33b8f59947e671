import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { isUnknownCredential, type Principal, type RejectedCredential } from '../auth/principal';
import { DICOMWEB_PREFIX } from '../dicomweb/routes';
import { redactUrl } from '../security/redactUrl';
import { actorOf } from './actorOf';
import type { AuditDetailValue } from './auditEvent';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set once this request's refusal or probe is in the trail or its tally: never counted twice. */
    refusalAudited: boolean;
    /** The code of the error the request was refused with, for the record. */
    refusalCode: string | undefined;
  }
}

interface Refusal {
  status: number;
  code: string;
  reason?: string;
  studies?: string[];
  detail?: Record<string, AuditDetailValue>;
}

/**
 * Refusals of these requests are audited here. Login and setup write their own records; the
 * SPA asks /api/me, /api/share-session and /api/patient-session on every page load, where a 401 answers "which kind of
 * session is this" rather than refusing anything.
 */
const SESSION_PROBES = new Set(['/api/me', '/api/share-session', '/api/patient-session', '/api/upload-session']);

function isAudited(request: FastifyRequest): boolean {
  const path = request.url.split('?', 1)[0]!;
  if (path === '/api/login' || path === '/api/setup') return false;
  if (request.method === 'GET' && SESSION_PROBES.has(path)) return false;
  return (
    path === '/api' || path.startsWith('/api/') || path === DICOMWEB_PREFIX || path.startsWith(`${DICOMWEB_PREFIX}/`)
  );
}

/** Codes for refusals sent without an HttpError (404 and 405 replies). */
const STATUS_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
};

/** The credential a request presented and we issued, though it no longer counts (revoked, ended). */
function knownRejected(principal: Principal): RejectedCredential | undefined {
  if (principal.kind !== 'anonymous' || principal.rejected === undefined || isUnknownCredential(principal.rejected))
    return undefined;
  return principal.rejected;
}

/** Who a refusal is about, as a tally key; undefined for callers nobody can be named by. */
function subjectOf(principal: Principal): string | undefined {
  if (principal.kind === 'staff') return `staff:${principal.user.id}`;
  if (principal.kind === 'share') return `share:${principal.shareSession.idHash}`;
  if (principal.kind === 'patient') return `patient:${principal.session.idHash}`;
  if (principal.kind === 'upload') return `upload:${principal.session.idHash}`;
  const rejected = knownRejected(principal);
  if (rejected === undefined) return undefined;
  switch (rejected.kind) {
    case 'staff-session':
      return `ended-staff:${rejected.userId}`;
    case 'share-session':
      return `ended-share:${rejected.shareId}`;
    default:
      return `ended-${rejected.kind}:${rejected.linkId}`;
  }
}

function shareIdOf(principal: Principal): string | undefined {
  if (principal.kind === 'share') return principal.share.id;
  const rejected = knownRejected(principal);
  return rejected?.kind === 'share-session' ? rejected.shareId : undefined;
}

/**
 * Audits the refusal of a request whose caller can be named (a staff or share session, or one
 * we issued that has ended): at once the first time in a minute, repeats counted (AuditTally).
 * Others are not recorded here: bare anonymous requests carry nothing to attribute, and made-up
 * credentials are counted per address by countUnknownCredential.
 */
export async function auditRefusal(app: FastifyInstance, request: FastifyRequest, refusal: Refusal): Promise<void> {
  request.refusalAudited = true;
  const principal = request.principal;
  const subject = subjectOf(principal);
  if (subject === undefined) return;
  const rejected = knownRejected(principal);
  const path = redactUrl(request.url);
  await app.auditTally.refusal(
    `${subject}|${request.ip}|${refusal.status}|${refusal.code}`,
    {
      type: 'request.denied',
      outcome: 'failure',
      actor: actorOf(principal),
      ip: request.ip,
      shareId: shareIdOf(principal),
      studies: refusal.studies ?? [],
      detail: {
        code: refusal.code,
        status: refusal.status,
        ...(refusal.reason === undefined ? {} : { reason: refusal.reason }),
        method: request.method,
        route: request.routeOptions.url ?? null,
        path,
        ...(rejected?.kind === 'staff-session' && rejected.userId !== undefined ? { userId: rejected.userId } : {}),
        ...refusal.detail,
      },
    },
    path,
  );
}

type UnknownCredential =
  | 'staff-session'
  | 'share-session'
  | 'share-link'
  | 'patient-session'
  | 'patient-link'
  | 'upload-session'
  | 'upload-link';

/** A made-up session cookie or link token: counted per address and minute, never a record each. */
export async function countUnknownCredential(
  app: FastifyInstance,
  request: FastifyRequest,
  credential: UnknownCredential,
): Promise<void> {
  request.refusalAudited = true;
  await app.auditTally.probe(
    `unknown|${request.ip}|${credential}`,
    {
      type: 'credential.unknown',
      outcome: 'failure',
      actor: { kind: 'anonymous' },
      ip: request.ip,
      detail: { credential },
    },
    redactUrl(request.url),
  );
}

/**
 * One place that sees every refusal (finding: refusals of known callers left no record): any
 * 4xx answer on /api or /dicomweb to a caller we can name is audited unless the code that
 * refused it audited it already (the DICOMweb guard). Shared infrastructure, so it wraps every
 * route context; it runs after the auth plugin has resolved the principal.
 */
export const refusalAudit = fp(
  async (app: FastifyInstance) => {
    app.decorateRequest('refusalAudited', false);
    app.decorateRequest('refusalCode', undefined);

    app.addHook('onRequest', async (request) => {
      // Minutes that ended while no refusal came in still get their summaries written.
      await app.auditTally.flushEnded();
      const principal = request.principal as Principal | undefined;
      if (
        principal?.kind === 'anonymous' &&
        principal.rejected !== undefined &&
        isUnknownCredential(principal.rejected)
      ) {
        await countUnknownCredential(app, request, principal.rejected.kind);
      }
    });

    app.addHook('onError', async (request, _reply, error) => {
      if (typeof error.code === 'string') request.refusalCode = error.code;
    });

    app.addHook('onResponse', async (request, reply) => {
      const status = reply.statusCode;
      if (request.refusalAudited || status < 400 || status >= 500 || !isAudited(request)) return;
      if ((request.principal as Principal | undefined) === undefined) return;
      await auditRefusal(app, request, {
        status,
        code: request.refusalCode ?? STATUS_CODES[status] ?? `HTTP_${status}`,
      });
    });
  },
  { name: 'secondread-refusal-audit', fastify: '5.x', dependencies: ['secondread-audit', 'secondread-auth'] },
);
