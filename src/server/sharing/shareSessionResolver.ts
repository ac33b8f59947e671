import type { FastifyRequest } from 'fastify';
import type { PrincipalResolver } from '../auth/principal';
import { readCookie } from '../security/cookies';
import { sha256Hex } from '../security/tokens';
import type { Clock } from '../store/clock';
import type { Store } from '../store/store';

/**
 * Share session cookie → share principal. The share row is read again on every request (no
 * cache), so a revocation or an expiry made on any gateway instance applies to the next request.
 */
export function shareSessionResolver(store: Store, clock: Clock): PrincipalResolver {
  return {
    async resolve(request: FastifyRequest) {
      const id = readCookie('share', request);
      if (id === undefined) return undefined;
      const idHash = sha256Hex(id);
      const session = await store.shareSessions.find(idHash);
      const share = session && (await store.shares.get(session.shareId));
      if (session === undefined || share === undefined) {
        return {
          kind: 'anonymous',
          rejected: { kind: 'share-session', reason: 'SESSION_EXPIRED', shareId: undefined },
        };
      }
      const now = clock();
      const refuse = (reason: 'SESSION_EXPIRED' | 'SHARE_EXPIRED' | 'SHARE_REVOKED') =>
        ({ kind: 'anonymous', rejected: { kind: 'share-session', reason, shareId: share.id } }) as const;
      if (share.revokedAt !== undefined) return refuse('SHARE_REVOKED');
      if (now >= share.expiresAt) return refuse('SHARE_EXPIRED');
      if (now >= session.expiresAt) {
        await store.shareSessions.delete(idHash);
        return refuse('SESSION_EXPIRED');
      }
      return { kind: 'share', share, shareSession: session };
    },
  };
}
