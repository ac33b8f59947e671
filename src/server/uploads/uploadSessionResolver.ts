import type { FastifyRequest } from 'fastify';
import type { PrincipalResolver } from '../auth/principal';
import { readCookie } from '../security/cookies';
import { sha256Hex } from '../security/tokens';
import type { Clock } from '../store/clock';
import type { Store } from '../store/store';

/**
 * Upload session cookie → upload principal. The link row is read again on every request, so a
 * revocation or an expiry applies to the next file the uploader sends.
 */
export function uploadSessionResolver(store: Store, clock: Clock): PrincipalResolver {
  return {
    async resolve(request: FastifyRequest) {
      const id = readCookie('upload', request);
      if (id === undefined) return undefined;
      const idHash = sha256Hex(id);
      const session = await store.uploadSessions.find(idHash);
      const link = session && (await store.uploadLinks.get(session.linkId));
      if (session === undefined || link === undefined)
        return { kind: 'anonymous', rejected: { kind: 'upload-session', reason: 'SESSION_EXPIRED' } };
      const refuse = (reason: 'SESSION_EXPIRED' | 'LINK_EXPIRED' | 'LINK_REVOKED') =>
        ({ kind: 'anonymous', rejected: { kind: 'upload-session', reason, linkId: link.id } }) as const;
      const now = clock();
      if (link.revokedAt !== undefined) return refuse('LINK_REVOKED');
      if (now >= link.expiresAt) return refuse('LINK_EXPIRED');
      if (now >= session.expiresAt) {
        await store.uploadSessions.delete(idHash);
        return refuse('SESSION_EXPIRED');
      }
      return { kind: 'upload', link, session };
    },
  };
}
