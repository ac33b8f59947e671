import type { ShareSessionInfo } from '../api/authApi';
import type { EndedShare, RememberedEnd, ShareEnd } from '../auth/session';

/** The part of localStorage used here (injected, so tests need no browser). */
export type ShareMemoryStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const KEY = 'secondread.recipientOf';
/** After this long past the link's end the browser forgets it and shows the sign-in page again. */
const FORGET_AFTER_MS = 7 * 24 * 3_600_000;

interface Stored extends EndedShare {
  /** Set once the viewer saw the link end for good; a mere end of the viewing session is worked out from the times. */
  ended: 'revoked' | 'expired' | undefined;
}

/**
 * That this browser was a link's recipient: who sent it, until when, and how it ended. Nothing
 * that opens it (no token, no passcode, no session) and nothing of what it shows (no studies,
 * label or message), since the browser may be shared.
 */
export function rememberShare(storage: ShareMemoryStorage, share: ShareSessionInfo): void {
  const previous = read(storage);
  const ended = previous?.shareId === share.shareId ? previous.ended : undefined;
  write(storage, {
    shareId: share.shareId,
    senderName: share.senderName,
    institution: share.institution,
    expiresAt: share.expiresAt,
    ended,
  });
}

/** The remembered link ended for good (revoked, or expired while the viewer was open). */
export function noteShareEnd(storage: ShareMemoryStorage, shareId: string, reason: ShareEnd): void {
  const stored = read(storage);
  if (stored?.shareId !== shareId || reason === 'sessionEnded') return;
  write(storage, { ...stored, ended: reason });
}

/** How the remembered link ended as of `now`, or undefined when none is remembered (any more). */
export function recallShare(storage: ShareMemoryStorage, now: number): RememberedEnd | undefined {
  const stored = read(storage);
  if (stored === undefined) return undefined;
  if (now >= stored.expiresAt + FORGET_AFTER_MS) {
    forgetShare(storage);
    return undefined;
  }
  const { ended, ...share } = stored;
  return { reason: ended ?? (now >= stored.expiresAt ? 'expired' : 'sessionEnded'), share };
}

/** A staff member signed in, or the recipient closed the ended link. */
export function forgetShare(storage: ShareMemoryStorage): void {
  try {
    storage.removeItem(KEY);
  } catch {
    // Storage refused (private mode, policy): there is nothing to forget.
  }
}

function read(storage: ShareMemoryStorage): Stored | undefined {
  let value: unknown;
  try {
    value = JSON.parse(storage.getItem(KEY) ?? 'null');
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { shareId, senderName, institution, expiresAt, ended } = value as Record<string, unknown>;
  if (typeof shareId !== 'string' || typeof senderName !== 'string' || typeof expiresAt !== 'number') return undefined;
  return {
    shareId,
    senderName,
    institution: typeof institution === 'string' ? institution : undefined,
    expiresAt,
    ended: ended === 'revoked' || ended === 'expired' ? ended : undefined,
  };
}

function write(storage: ShareMemoryStorage, stored: Stored): void {
  try {
    storage.setItem(KEY, JSON.stringify(stored));
  } catch {
    // Storage refused: the ended page then shows only while this tab stays open.
  }
}
