import type { FastifyRequest } from 'fastify';
import type { PrincipalResolver } from '../auth/principal';
import { readCookie } from '../security/cookies';
import { sha256Hex } from '../security/tokens';
import type { Clock } from '../store/clock';
import type { Store } from '../store/store';

/**
 * Patient session cookie → patient principal. Link and session are read again on every request
 * (no cache), so a revocation or an expiry applies to the next request on any gateway instance.
 * The scope is the session's stored studies: whole studies, never replies, download as the link says.
 */
export function patientSessionResolver(store: Store, clock: Clock): PrincipalResolver {
  return {
    async resolve(request: FastifyRequest) {
      const id = readCookie('patient', request);
      if (id === undefined) return undefined;
      const idHash = sha256Hex(id);
      const session = await store.patientSessions.find(idHash);
      const link = session && (await store.patientLinks.get(session.linkId));
      if (session === undefined || link === undefined)
        return { kind: 'anonymous', rejected: { kind: 'patient-session', reason: 'SESSION_EXPIRED' } };
      const now = clock();
      const refuse = (reason: 'SESSION_EXPIRED' | 'LINK_EXPIRED' | 'LINK_REVOKED') =>
        ({ kind: 'anonymous', rejected: { kind: 'patient-session', reason, linkId: link.id } }) as const;
      if (link.revokedAt !== undefined) return refuse('LINK_REVOKED');
      if (now >= link.expiresAt) return refuse('LINK_EXPIRED');
      if (now >= session.expiresAt) {
        await store.patientSessions.delete(idHash);
        return refuse('SESSION_EXPIRED');
      }
      return {
        kind: 'patient',
        link,
        session,
        scope: { studies: session.studies, seriesScoped: false, allowDownload: link.allowDownload, allowReply: false },
      };
    },
  };
}
