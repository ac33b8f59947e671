import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../api/api';
import { AppHeader } from '../AppHeader';
import { viewerPath } from '../routes';
import { formatShortDateTime } from '../sharing/formatTime';
import { formatDicomDate, formatPersonName } from '../studyList/format';
import { ActionDialog } from '../upload/ActionDialog';
import { describeUploadError } from '../upload/describeUploadError';
import { acceptUpload, listUploads, rejectUpload, type Upload } from '../upload/uploadsApi';
import '../sharing/dialog.css';
import '../upload/upload.css';

type Listing = { status: 'loading' } | { status: 'done'; uploads: Upload[] } | { status: 'error'; error: string };
type Review = { kind: 'accept' | 'reject'; upload: Upload };

const megabytes = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`;

/**
 * `/incoming`: studies sent through upload links, waiting in quarantine. Nothing here is in the
 * archive yet: Accept moves a study in (optionally under another Patient ID), Reject deletes it.
 */
export function IncomingPage() {
  const [listing, setListing] = useState<Listing>({ status: 'loading' });
  const [review, setReview] = useState<Review>();
  const [patientID, setPatientID] = useState('');
  const [accepted, setAccepted] = useState<{ study: string; instances: number }>();
  const reload = useCallback(() => {
    const controller = new AbortController();
    listUploads(api, controller.signal).then(
      (uploads) => setListing({ status: 'done', uploads }),
      (error: unknown) => {
        if (!controller.signal.aborted) setListing({ status: 'error', error: describeUploadError(error) });
      },
    );
    return () => controller.abort();
  }, []);
  useEffect(() => {
    document.title = 'Incoming · SecondRead';
    return reload();
  }, [reload]);

  const close = () => setReview(undefined);
  return (
    <div className="app">
      <AppHeader />
      <main className="uploads-main">
        <h1>Incoming</h1>
        {accepted && (
          <p role="status" className="upload-note">
            {accepted.instances} images are now in the archive.{' '}
            <Link to={viewerPath(accepted.study)}>Open the study</Link>
          </p>
        )}
        {listing.status === 'loading' && <p className="page-status">Loading…</p>}
        {listing.status === 'error' && (
          <p className="form-error" role="alert">
            {listing.error}
          </p>
        )}
        {listing.status === 'done' && listing.uploads.length === 0 && (
          <p className="upload-muted">Nothing is waiting. Studies sent through an upload link appear here.</p>
        )}
        {listing.status === 'done' &&
          listing.uploads.map((upload) => (
            <IncomingCard
              key={upload.id}
              upload={upload}
              onAccept={() => {
                setPatientID('');
                setReview({ kind: 'accept', upload });
              }}
              onReject={() => setReview({ kind: 'reject', upload })}
            />
          ))}
      </main>
      {review?.kind === 'accept' && (
        <ActionDialog
          title="Accept this study into the archive?"
          action={async () => {
            const result = await acceptUpload(api, review.upload.id, patientID.trim() || undefined);
            setAccepted({ study: result.studyInstanceUID, instances: result.instances });
          }}
          confirmLabel="Accept"
          busyLabel="Accepting…"
          tone="primary"
          onClose={close}
          onDone={() => {
            close();
            reload();
          }}
        >
          <p>
            {review.upload.instances} images of {describePatient(review.upload)} go into the archive, where the study
            list and shares can reach them.
          </p>
          <label className="field">
            <span className="field-label">
              Patient ID in the archive (leave empty to keep {review.upload.patient.id ?? 'none'})
            </span>
            <input value={patientID} maxLength={64} onChange={(event) => setPatientID(event.target.value)} />
          </label>
        </ActionDialog>
      )}
      {review?.kind === 'reject' && (
        <ActionDialog
          title="Reject and delete this study?"
          action={() => rejectUpload(api, review.upload.id)}
          confirmLabel="Reject and delete"
          busyLabel="Deleting…"
          tone="danger"
          onClose={close}
          onDone={() => {
            close();
            reload();
          }}
        >
          <p>
            The {review.upload.instances} images sent through “{review.upload.linkLabel}” are deleted. This cannot be
            undone; the sender can send them again while the link works.
          </p>
        </ActionDialog>
      )}
    </div>
  );
}

function describePatient(upload: Upload): string {
  const { name, id } = upload.patient;
  return `${name ? formatPersonName(name) : 'an unnamed patient'}${id ? ` (ID ${id})` : ''}`;
}

function IncomingCard({ upload, onAccept, onReject }: { upload: Upload; onAccept: () => void; onReject: () => void }) {
  const { patient, study } = upload;
  return (
    <article className="incoming-card" data-testid="incoming-upload" aria-label={`Upload ${study.uid}`}>
      <h2>
        {patient.name ? formatPersonName(patient.name) : 'No patient name'}
        <span className="upload-muted">
          {patient.id ? ` · ID ${patient.id}` : ' · no patient ID'}
          {patient.birthDate && ` · born ${formatDicomDate(patient.birthDate)}`}
        </span>
      </h2>
      <p>
        {study.description || 'Study without description'}
        {study.date && ` · ${formatDicomDate(study.date)}`} · {study.modalities.join(', ') || '?'} · {upload.instances}{' '}
        images in {upload.series.length} series · {megabytes(upload.bytes)}
      </p>
      <p className="upload-muted">
        Through “{upload.linkLabel}”{upload.forwardTo && ` for ${upload.forwardTo}`} from {upload.uploadedFrom},{' '}
        {formatShortDateTime(upload.firstReceivedAt)}
        {upload.lastReceivedAt - upload.firstReceivedAt > 60_000 && ` to ${formatShortDateTime(upload.lastReceivedAt)}`}
      </p>
      <ul className="upload-muted">
        {upload.series.map((series) => (
          <li key={series.uid}>
            {series.modality ?? '?'} {series.description ?? ''} · {series.instances} images
          </li>
        ))}
      </ul>
      {upload.mismatches.length > 0 && (
        <ul className="incoming-mismatches" aria-label="Mismatches with the archive">
          {upload.mismatches.map((text) => (
            <li key={text}>{text}</li>
          ))}
        </ul>
      )}
      {upload.warnings.length > 0 && (
        <ul className="incoming-warnings" aria-label="Warnings">
          {upload.warnings.map((text) => (
            <li key={text}>{text}</li>
          ))}
        </ul>
      )}
      <div className="upload-actions">
        <button type="button" className="button button-primary" onClick={onAccept}>
          Accept…
        </button>
        <button type="button" className="button" onClick={onReject}>
          Reject…
        </button>
      </div>
    </article>
  );
}
