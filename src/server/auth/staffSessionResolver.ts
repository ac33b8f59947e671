import type { FastifyRequest } from 'fastify';
import { readCookie } from '../security/cookies';
import { sha256Hex } from '../security/tokens';
import type { Clock } from '../store/clock';
import type { Store } from '../store/store';
import type { PrincipalResolver } from './principal';

interface StaffSessionSettings {
  sessionIdleMs: number;
}

/**
 * Staff session cookie → staff principal. Idle and absolute ends are checked against the row
 * on every request, so a session ends at the same moment on every gateway instance.
 */
export function staffSessionResolver(store: Store, clock: Clock, settings: StaffSessionSettings): PrincipalResolver {
  return {
    async resolve(request: FastifyRequest) {
      const id = readCookie('session', request);
      if (id === undefined) return undefined;
      const expired = (userId?: string) =>
        ({ kind: 'anonymous', rejected: { kind: 'staff-session', reason: 'SESSION_EXPIRED', userId } }) as const;
      const idHash = sha256Hex(id);
      const session = await store.sessions.find(idHash);
      if (session === undefined) return expired();
      const now = clock();
      if (now >= session.expiresAt || now - session.lastSeenAt >= settings.sessionIdleMs) {
        await store.sessions.delete(idHash);
        return expired(session.userId);
      }
      const user = await store.users.findById(session.userId);
      if (user === undefined) return expired();
      await store.sessions.touch(idHash, now);
      const { passwordHash: _hash, ...publicUser } = user;
      return { kind: 'staff', user: publicUser, role: user.role, session };
    },
  };
}
