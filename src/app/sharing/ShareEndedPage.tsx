import { useEffect } from 'react';
import type { EndedShare, ShareEnd } from '../auth/session';
import { useSession } from '../auth/SessionProvider';
import { formatDateTime } from './formatTime';

/**
 * What a recipient sees once the link stops working, in place of a viewer whose requests now fail,
 * and on later visits from this browser until they close it (or staff sign in).
 */
export function ShareEndedPage({ reason, share }: { reason: ShareEnd; share: EndedShare | undefined }) {
  const { closeShare } = useSession();
  const sender = share
    ? share.institution
      ? `${share.senderName} (${share.institution})`
      : share.senderName
    : 'the sender';
  const { title, detail } =
    reason === 'revoked'
      ? {
          title: 'This link was revoked by the sender',
          detail: `${capitalise(sender)} withdrew access to these images. Ask them for a new link if you still need them.`,
        }
      : reason === 'expired'
        ? {
            title: share ? `This link expired on ${formatDateTime(share.expiresAt)}` : 'This link has expired',
            detail: `Ask ${sender} for a new link if you still need the images.`,
          }
        : { title: 'Your viewing session has ended', detail: 'Open the link from your message again to keep reading.' };
  useEffect(() => {
    document.title = `${title} · SecondRead`;
  }, [title]);
  return (
    <main className="page-message share-ended" role="alert">
      <h1>{title}</h1>
      <p>{detail}</p>
      <button type="button" className="button" onClick={closeShare}>
        Close this link
      </button>
    </main>
  );
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
