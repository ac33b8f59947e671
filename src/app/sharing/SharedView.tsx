import { useState } from 'react';
import { Link, Navigate, Outlet, useLocation } from 'react-router';
import type { ShareSessionInfo } from '../api/authApi';
import { ExpiryWarning } from './ExpiryWarning';
import { formatDateTime } from './formatTime';
import { shareRoute } from './shareRoute';
import './sharing.css';

/**
 * A link recipient's whole app: a banner naming the sender and the end, and the viewer for the
 * shared studies only. No study list, no shares, no navigation.
 */
export function SharedView({ share }: { share: ShareSessionInfo }) {
  const location = useLocation();
  const [messageOpen, setMessageOpen] = useState(false);
  const route = shareRoute(share, location.pathname, location.search);
  if (route.kind === 'redirect') return <Navigate to={route.to} replace />;
  return (
    <div className="shared-frame">
      <p className="share-banner" role="status" aria-label="Shared study">
        <span>
          Shared by <strong>{share.senderName}</strong>
          {share.institution && ` (${share.institution})`} · expires {formatDateTime(share.expiresAt)}
        </span>
        {share.label && <span className="share-banner-label">{share.label}</span>}
        {share.message && (
          <button
            type="button"
            className="share-banner-message"
            aria-expanded={messageOpen}
            aria-controls="share-message"
            onClick={() => setMessageOpen(!messageOpen)}
          >
            Message from {share.senderName}
          </button>
        )}
        <ExpiryWarning share={share} />
      </p>
      {messageOpen && share.message && (
        <section id="share-message" className="share-message" aria-label={`Message from ${share.senderName}`}>
          <p>{share.message}</p>
          <button type="button" className="button" onClick={() => setMessageOpen(false)}>
            Close
          </button>
        </section>
      )}
      {route.kind === 'allow' ? (
        <Outlet />
      ) : (
        <main className="page-message" role="alert">
          <h1>Not part of this link</h1>
          <p>This link opens only the images {share.senderName} shared with you.</p>
          <Link to={route.home} className="button button-primary">
            Back to the shared images
          </Link>
        </main>
      )}
    </div>
  );
}
