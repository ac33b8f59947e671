import { randomToken, sha256Hex } from '../security/tokens';
import type { Session } from '../store/sessions';
import type { StoreData } from '../store/store';

interface NewSession {
  /** The cookie value; never stored. */
  id: string;
  session: Session;
}

/** A fresh session (never reusing an id the client sent, which would allow session fixation). */
export async function startSession(
  store: StoreData,
  userId: string,
  ip: string,
  now: number,
  settings: { sessionIdleMs: number; sessionMaxMs: number },
): Promise<NewSession> {
  await store.sessions.deleteStale(now, settings.sessionIdleMs);
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
  await store.sessions.create(session);
  return { id, session };
}
