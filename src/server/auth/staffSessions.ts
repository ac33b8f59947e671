import { randomToken, sha256Hex } from '../security/tokens';
import type { Session } from '../store/sessions';
import type { Store } from '../store/store';

export interface NewSession {
  /** The cookie value; never stored. */
  id: string;
  session: Session;
}

/** A fresh session (never reusing an id the client sent, which would allow session fixation). */
export function startSession(
  store: Store,
  userId: string,
  ip: string,
  now: number,
  settings: { sessionIdleMs: number; sessionMaxMs: number },
): NewSession {
  store.sessions.deleteStale(now, settings.sessionIdleMs);
  const id = randomToken(32);
  const session: Session = {
    idHash: sha256Hex(id),
    userId,
    csrfToken: randomToken(32),
    createdAt: now,
    lastSeenAt: now,
    expiresAt: now + settings.sessionMaxMs,
    ip,
  };
  store.sessions.create(session);
  return { id, session };
}
