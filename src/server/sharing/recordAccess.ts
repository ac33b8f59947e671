import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf } from '../audit/actorOf';
import type { DicomwebRequest } from '../dicomweb/request';

/**
 * Counts an allowed request against its session, study and series; the first request of a
 * session for a study and series also leaves one chained audit record. Frames and other repeats
 * only bump a counter (docs/design.md "Audit": aggregated per session).
 */
export async function recordAccess(
  app: FastifyInstance,
  request: FastifyRequest,
  parsed: DicomwebRequest,
): Promise<void> {
  if (parsed.kind === 'store' || parsed.study === undefined) return;
  const principal = request.principal;
  if (principal.kind === 'anonymous') return;
  const series = parsed.series ?? '';
  if (principal.kind === 'upload') return;
  const sessionKey =
    principal.kind === 'staff'
      ? `staff:${principal.session.idHash}`
      : principal.kind === 'patient'
        ? `patient:${principal.session.idHash}`
        : `share:${principal.shareSession.idHash}`;
  const shareId = principal.kind === 'share' ? principal.share.id : undefined;
  const first = await app.store.studyAccess.record({
    sessionKey,
    study: parsed.study,
    series,
    shareId,
    userId: principal.kind === 'staff' ? principal.user.id : undefined,
    ip: request.ip,
    now: app.clock(),
  });
  if (!first) return;
  await app.audit.record({
    type: 'study.accessed',
    outcome: 'success',
    actor: actorOf(principal),
    ip: request.ip,
    shareId,
    studies: [parsed.study],
    detail: { series, request: parsed.kind },
  });
}
