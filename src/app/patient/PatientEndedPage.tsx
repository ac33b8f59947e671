import { useEffect } from 'react';
import type { ShareEnd } from '../auth/session';
import { useSession } from '../auth/SessionProvider';
import '../sharing/sharing.css';

/** The gateway's page where a patient types the access code from their letter (server-rendered). */
const ACCESS_CODE_PAGE = '/p';

/** What a patient sees once their link stops working: why, and where to go next. */
export function PatientEndedPage({ reason }: { reason: ShareEnd }) {
  const { leavePatient } = useSession();
  const { title, detail } =
    reason === 'revoked'
      ? {
          title: 'This link was withdrawn',
          detail: 'The hospital withdrew this link to your images. Ask them for a new one if you still need it.',
        }
      : reason === 'expired'
        ? { title: 'This link has expired', detail: 'Ask the hospital for a new link if you still need your images.' }
        : {
            title: 'You were signed out',
            detail: 'For your privacy the visit ended. Open the link from your letter again, or type its access code.',
          };
  useEffect(() => {
    document.title = `${title} · SecondRead`;
  }, [title]);
  return (
    <main className="page-message share-ended" role="alert">
      <h1>{title}</h1>
      <p>{detail}</p>
      <p>
        <a className="button button-primary" href={ACCESS_CODE_PAGE}>
          Type an access code
        </a>{' '}
        <button type="button" className="button" onClick={leavePatient}>
          Close
        </button>
      </p>
    </main>
  );
}
