import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf } from '../audit/actorOf';
import { unauthenticated } from '../auth/authErrors';
import { requireCsrf } from '../auth/guards';
import type { Principal } from '../auth/principal';
import type { DicomwebGuard } from '../dicomweb/guard';
import type { DicomwebRequest } from '../dicomweb/request';
import { HttpError } from '../errors';
import { authorize } from './authorize';
import { recordAccess } from './recordAccess';

/**
 * The impure shell around authorize(): reads the request's principal, audits every refusal at
 * once (except bare anonymous probes, which are only logged: they carry nothing to attribute
 * and would let anyone grow the trail), and counts allowed access.
 */
function shareIdOf(principal: Principal): string | undefined {
  if (principal.kind === 'share') return principal.share.id;
  if (principal.kind === 'anonymous' && principal.rejected?.kind === 'share-session') return principal.rejected.shareId;
  return undefined;
}

export function dicomwebGuard(app: FastifyInstance): DicomwebGuard {
  const auditDenial = (request: FastifyRequest, code: string, reason: string, parsed?: DicomwebRequest) => {
    const series = parsed === undefined || parsed.kind === 'store' ? undefined : parsed.series;
    app.audit.record({
      type: 'request.denied',
      outcome: 'failure',
      actor: actorOf(request.principal),
      ip: request.ip,
      shareId: shareIdOf(request.principal),
      studies: parsed?.study === undefined ? [] : [parsed.study],
      detail: { code, reason, method: request.method, request: parsed?.kind ?? 'unparsed', series: series ?? null },
    });
  };

  return {
    async admit(request) {
      const principal = request.principal;
      if (principal.kind !== 'anonymous') return;
      if (principal.rejected === undefined) {
        request.log.info({ ip: request.ip }, 'DICOMweb request without credentials refused');
      } else {
        auditDenial(request, principal.rejected.reason, 'The credential presented is no longer valid');
      }
      throw unauthenticated(principal);
    },
    async check(request, parsed) {
      const decision = authorize(request.principal, parsed);
      if (decision.effect === 'deny') {
        auditDenial(request, decision.code, decision.reason, parsed);
        throw new HttpError(decision.status, decision.code, decision.reason);
      }
      // STOW-RS changes the archive: a staff session must prove it is not a cross-site form.
      if (parsed.kind === 'store') await requireCsrf(request);
      recordAccess(app, request, parsed);
      if (decision.effect === 'allow') return { request: parsed };
      return decision.search === null ? { request: null } : { request: decision.search, filter: decision.filter };
    },
  };
}
