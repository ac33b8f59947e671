import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api } from '../api/api';
import {
  fetchMe,
  fetchPatientSession,
  fetchShareSession,
  fetchUploadSession,
  leavePatientSession,
  leaveShareSession,
  type StaffSession,
} from '../api/authApi';
import { MAX_TIMER_MS } from '../sharing/expiryWarning';
import { forgetShare, noteShareEnd, recallShare, rememberShare } from '../sharing/rememberedShare';
import { resolvePatient, resolveSession, resolveUpload, type Outcome, type Session } from './session';
import { watchRefusedRequests } from './watchRefusedRequests';

interface SessionContextValue {
  session: Session;
  /** After a successful sign-in. */
  signedIn: (staff: StaffSession) => void;
  signedOut: () => void;
  /** Asks the gateway again who this browser is (after a refusal, or Retry). */
  recheck: () => void;
  /** The recipient closes an ended link: its cookie and this browser's memory of it go. */
  closeShare: () => void;
  /** The patient leaves (or closes an ended link): the patient session's cookie goes. */
  leavePatient: () => void;
}

const SessionContext = createContext<SessionContextValue | undefined>(undefined);

/** How often a recipient's viewer asks whether the link still stands, so a revoked link closes on its own. */
const SHARE_CHECK_MS = 60_000;
/** Asked just after the link's end by this browser's clock, so the gateway's clock has passed it too… */
const END_MARGIN_MS = 500;
/** …and not sooner than this when the two clocks disagree and the gateway still says it stands. */
const MIN_END_CHECK_MS = 5_000;

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
        if (me.ok) {
          forgetShare(localStorage);
          return setSession({ kind: 'staff', staff: me.value });
        }
        api.setCsrfToken(undefined);
        const shared = await settle(fetchShareSession(api));
        // Asked only when neither staff nor a share recipient: a patient link's session.
        const patient = shared.ok ? undefined : await settle(fetchPatientSession(api));
        // And last, someone sending images through an upload link.
        const upload = shared.ok || patient?.ok ? undefined : await settle(fetchUploadSession(api));
        setSession(
          (previous) =>
            (patient && resolvePatient(patient, previous)) ??
            (upload && resolveUpload(upload, previous)) ??
            resolveSession(me, shared, previous, recallShare(localStorage, Date.now())),
        );
      })
      .finally(() => {
        inFlight.current = undefined;
      });
  }, []);

  useEffect(recheck, [recheck]);

  // What a reload needs once the link's cookie is gone: whose link this was, and how it ended.
  useEffect(() => {
    if (session.kind === 'share') rememberShare(localStorage, session.share);
    if (session.kind === 'shareEnded' && session.share)
      noteShareEnd(localStorage, session.share.shareId, session.reason);
  }, [session]);

  // The link (or the viewing session) ends at a known time: ask then, not up to a poll later.
  const shareEnd =
    session.kind === 'share'
      ? Math.min(session.share.expiresAt, session.share.sessionExpiresAt)
      : session.kind === 'patient'
        ? Math.min(session.patient.expiresAt, session.patient.sessionExpiresAt)
        : undefined;
  useEffect(() => {
    if (shareEnd === undefined) return;
    const delay = Math.min(Math.max(shareEnd - Date.now() + END_MARGIN_MS, MIN_END_CHECK_MS), MAX_TIMER_MS);
    const timer = window.setTimeout(recheck, delay);
    return () => window.clearTimeout(timer);
    // `session` too: when the gateway's clock is behind and the link still stands, ask again later.
  }, [shareEnd, session, recheck]);

  const kind = session.kind;
  useEffect(() => {
    if (kind !== 'staff' && kind !== 'share' && kind !== 'patient') return;
    const stopWatching = watchRefusedRequests(recheck);
    const onVisible = () => {
      if (document.visibilityState === 'visible') recheck();
    };
    document.addEventListener('visibilitychange', onVisible);
    // Staff sessions are not polled: every request counts as activity and would keep them alive.
    const timer = kind === 'share' || kind === 'patient' ? window.setInterval(recheck, SHARE_CHECK_MS) : undefined;
    return () => {
      stopWatching();
      document.removeEventListener('visibilitychange', onVisible);
      window.clearInterval(timer);
    };
  }, [kind, recheck]);

  const value = useMemo<SessionContextValue>(
    () => ({
      session,
      signedIn: (staff) => {
        forgetShare(localStorage);
        setSession({ kind: 'staff', staff });
      },
      signedOut: () => {
        api.setCsrfToken(undefined);
        setSession({ kind: 'anonymous', ended: false });
      },
      recheck,
      closeShare: () => {
        forgetShare(localStorage);
        api.setCsrfToken(undefined);
        setSession({ kind: 'anonymous', ended: false });
        // A revoked link's cookie would otherwise bring its page back on the next visit.
        void leaveShareSession(api).catch(() => undefined);
      },
      leavePatient: () => {
        void leavePatientSession(api)
          .catch(() => undefined)
          .finally(() => {
            api.setCsrfToken(undefined);
            setSession({ kind: 'anonymous', ended: false });
          });
      },
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
