import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/api';
import { AppHeader } from '../AppHeader';
import { DEFAULT_EXPIRY, expirySeconds, type ExpiryChoice } from '../sharing/expiry';
import { ExpiryPicker } from '../sharing/ExpiryPicker';
import { formatShortDateTime } from '../sharing/formatTime';
import { QrCode } from '../sharing/QrCode';
import { ActionDialog } from './ActionDialog';
import { describeUploadError } from './describeUploadError';
import {
  createUploadLink,
  listUploadLinks,
  revokeUploadLink,
  type CreatedUploadLink,
  type UploadLink,
} from './uploadsApi';
import '../sharing/dialog.css';
import './upload.css';

type Listing = { status: 'loading' } | { status: 'done'; links: UploadLink[] } | { status: 'error'; error: string };

/** `/upload-links`: staff make a link for someone to send a CD's images, see what came through each, and revoke. */
export function UploadLinksPage() {
  const [listing, setListing] = useState<Listing>({ status: 'loading' });
  const [revoking, setRevoking] = useState<UploadLink>();
  const reload = useCallback(() => {
    const controller = new AbortController();
    listUploadLinks(api, controller.signal).then(
      (links) => setListing({ status: 'done', links }),
      (error: unknown) => {
        if (!controller.signal.aborted) setListing({ status: 'error', error: describeUploadError(error) });
      },
    );
    return () => controller.abort();
  }, []);
  useEffect(() => {
    document.title = 'Upload links · SecondRead';
    return reload();
  }, [reload]);

  return (
    <div className="app">
      <AppHeader />
      <main className="uploads-main">
        <h1>Upload links</h1>
        <p className="upload-muted">
          A link lets a patient or another hospital send images (a CD, a USB stick, a zip) from a phone or a computer.
          What they send waits in Incoming until someone accepts it.
        </p>
        <NewUploadLink onCreated={reload} />
        {listing.status === 'error' && (
          <p className="form-error" role="alert">
            {listing.error}
          </p>
        )}
        {listing.status === 'done' && listing.links.length > 0 && (
          <table className="uploads-table">
            <thead>
              <tr>
                <th>Label</th>
                <th>For</th>
                <th>Created</th>
                <th>Ends</th>
                <th>Waiting</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {listing.links.map((link) => (
                <tr key={link.id} data-testid="upload-link-row">
                  <td>{link.label}</td>
                  <td>{link.forwardTo ?? '—'}</td>
                  <td>{formatShortDateTime(link.createdAt)}</td>
                  <td>
                    {link.revokedAt !== undefined
                      ? `Revoked ${formatShortDateTime(link.revokedAt)}`
                      : link.expiresAt <= Date.now()
                        ? `Ended ${formatShortDateTime(link.expiresAt)}`
                        : formatShortDateTime(link.expiresAt)}
                  </td>
                  <td>{link.uploads}</td>
                  <td>
                    {link.revokedAt === undefined && link.expiresAt > Date.now() && (
                      <button type="button" className="button button-quiet" onClick={() => setRevoking(link)}>
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </main>
      {revoking && (
        <ActionDialog
          title="Revoke this upload link?"
          action={() => revokeUploadLink(api, revoking.id)}
          confirmLabel="Revoke link"
          busyLabel="Revoking…"
          tone="danger"
          onClose={() => setRevoking(undefined)}
          onDone={() => {
            setRevoking(undefined);
            reload();
          }}
        >
          <p>
            The link <strong>{revoking.label}</strong> stops working at once. What was already sent stays in Incoming.
          </p>
        </ActionDialog>
      )}
    </div>
  );
}

function NewUploadLink({ onCreated }: { onCreated: () => void }) {
  const [label, setLabel] = useState('');
  const [forwardTo, setForwardTo] = useState('');
  const [expiry, setExpiry] = useState<ExpiryChoice>({ preset: DEFAULT_EXPIRY });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [created, setCreated] = useState<CreatedUploadLink>();

  const create = async () => {
    const seconds = expirySeconds(expiry, Date.now());
    if (!seconds.ok) {
      setError(seconds.message);
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      setCreated(
        await createUploadLink(api, {
          label: label.trim(),
          expiresInSeconds: seconds.seconds,
          ...(forwardTo.trim() && { forwardTo: forwardTo.trim() }),
        }),
      );
      setLabel('');
      setForwardTo('');
      onCreated();
    } catch (failure) {
      setError(describeUploadError(failure));
    } finally {
      setBusy(false);
    }
  };

  if (created)
    return (
      <section className="uploads-form share-result" aria-label="New upload link">
        <p className="share-result-title">Upload link created</p>
        <input
          readOnly
          value={created.url}
          aria-label="Upload link"
          className="share-link"
          onFocus={(e) => e.target.select()}
        />
        <div className="share-result-body">
          <QrCode text={created.url} label="QR code of the upload link" />
          <ul className="share-facts">
            <li>Works until {formatShortDateTime(created.expiresAt)}.</li>
            <li className="share-once">This link is shown only once: copy it or let them scan the code now.</li>
          </ul>
        </div>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={() => setCreated(undefined)}>
            Done
          </button>
        </div>
      </section>
    );
  return (
    <form
      className="uploads-form"
      onSubmit={(event) => {
        event.preventDefault();
        void create();
      }}
    >
      <label className="field">
        <span className="field-label">Label (who sends what)</span>
        <input
          required
          maxLength={200}
          value={label}
          placeholder="CD from Mrs Smith, cardiology"
          onChange={(event) => setLabel(event.target.value)}
        />
      </label>
      <ExpiryPicker value={expiry} onChange={setExpiry} />
      <label className="field">
        <span className="field-label">For (username, optional)</span>
        <input value={forwardTo} maxLength={64} onChange={(event) => setForwardTo(event.target.value)} />
      </label>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div>
        <button type="submit" className="button button-primary" disabled={busy || label.trim() === ''}>
          {busy ? 'Creating…' : 'Create upload link'}
        </button>
      </div>
    </form>
  );
}
