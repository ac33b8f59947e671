import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api } from '../api/api';
import { fetchMe, fetchShareSession, type StaffSession } from '../api/authApi';
import { resolveSession, type Outcome, type Session } from './session';
import { watchRefusedRequests } from './watchRefusedRequests';

export interface SessionContextValue {
  session: Session;
  /** After a successful sign-in. */
  signedIn: (staff: StaffSession) => void;
  signedOut: () => void;
  /** Asks the gateway again who this browser is (after a refusal, or Retry). */
  recheck: () => void;
}

const SessionContext = createContext<SessionContextValue | undefined>(undefined);

/** How often a recipient's viewer asks whether the link still stands, so a revoked link closes on its own. */
const SHARE_CHECK_MS = 60_000;

const settle = <T,>(promise: Promise<T>): Promise<Outcome<T>> =>
  promise.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  );

/**
 * Who the browser is, for every route: asked once at start, and again whenever a request to
 * /api or /dicomweb is refused (401/403/410), so an ended session or a revoked link shows its
 * own page instead of a broken one.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session>({ kind: 'checking' });
  const inFlight = useRef<Promise<void> | undefined>(undefined);

  const recheck = useCallback(() => {
    // One after the other: a staff browser never asks for a share session, so its console shows no refused request.
    inFlight.current ??= settle(fetchMe(api))
      .then(async (me) => {
        if (me.ok) return setSession({ kind: 'staff', staff: me.value });
        api.setCsrfToken(undefined);
        const shared = await settle(fetchShareSession(api));
        setSession((previous) => resolveSession(me, shared, previous));
      })
      .finally(() => {
        inFlight.current = undefined;
      });
  }, []);

  useEffect(recheck, [recheck]);

  const kind = session.kind;
  useEffect(() => {
    if (kind !== 'staff' && kind !== 'share') return;
    const stopWatching = watchRefusedRequests(recheck);
    const onVisible = () => {
      if (document.visibilityState === 'visible') recheck();
    };
    document.addEventListener('visibilitychange', onVisible);
    // Staff sessions are not polled: every request counts as activity and would keep them alive.
    const timer = kind === 'share' ? window.setInterval(recheck, SHARE_CHECK_MS) : undefined;
    return () => {
      stopWatching();
      document.removeEventListener('visibilitychange', onVisible);
      window.clearInterval(timer);
    };
  }, [kind, recheck]);

  const value = useMemo<SessionContextValue>(
    () => ({
      session,
      signedIn: (staff) => setSession({ kind: 'staff', staff }),
      signedOut: () => {
        api.setCsrfToken(undefined);
        setSession({ kind: 'anonymous', ended: false });
      },
      recheck,
    }),
    [session, recheck],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession() must be used inside <SessionProvider>');
  return value;
}

/** The signed-in staff member, or undefined (recipients, anonymous, direct mode without sign-in). */
export function useStaff(): StaffSession | undefined {
  const { session } = useSession();
  return session.kind === 'staff' ? session.staff : undefined;
}
