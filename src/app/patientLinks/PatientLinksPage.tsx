import { useCallback, useEffect, useState, type SubmitEvent } from 'react';
import { api } from '../api/api';
import { listPatientLinks, revokePatientLink, type PatientLink } from '../api/patientsApi';
import { AppHeader } from '../AppHeader';
import { ShareActionDialog } from '../sharing/ShareActionDialog';
import { formatShortDateTime } from '../sharing/formatTime';
import { formatPersonName } from '../studyList/format';
import { describePatientLinkError } from './describePatientLinkError';
import { PatientLinkDialog, type PatientLinkTarget } from './PatientLinkDialog';
import { patientLinkStatus } from './patientLinkStatus';
import '../sharing/shares.css';
import './patientLinks.css';

type Loaded = { kind: 'loading' } | { kind: 'ready'; links: PatientLink[] } | { kind: 'failed'; message: string };

/** `/patient-links`: the patient links this staff member made (an admin: everyone's), a new one, revoke. */
export function PatientLinksPage() {
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' });
  const [patientID, setPatientID] = useState('');
  const [creating, setCreating] = useState<PatientLinkTarget>();
  const [revoking, setRevoking] = useState<PatientLink>();

  const load = useCallback((signal?: AbortSignal) => {
    listPatientLinks(api, signal).then(
      (links) => setLoaded({ kind: 'ready', links }),
      (failure: unknown) => {
        if (!signal?.aborted) setLoaded({ kind: 'failed', message: describePatientLinkError(failure) });
      },
    );
  }, []);

  useEffect(() => {
    document.title = 'Patient links · SecondRead';
    const controller = new AbortController();
    load(controller.signal);
    return () => controller.abort();
  }, [load]);

  const create = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (patientID.trim() !== '') setCreating({ patientID: patientID.trim() });
  };

  const now = Date.now();
  return (
    <div className="app">
      <AppHeader />
      <main className="shares-page patient-links-page">
        <div className="shares-bar">
          <h1>Patient links</h1>
          <form className="patient-link-new" onSubmit={create}>
            <label className="field">
              <span className="field-label">Patient ID</span>
              <input value={patientID} onChange={(event) => setPatientID(event.target.value)} spellCheck={false} />
            </label>
            <button type="submit" className="button button-primary" disabled={patientID.trim() === ''}>
              New patient link…
            </button>
          </form>
        </div>
        <p className="muted">
          A patient link lets a patient see their own studies on their phone after confirming their date of birth. Make
          one here by Patient ID, or from the study list (“Patient link…” for the selected studies).
        </p>
        {loaded.kind === 'loading' && <p className="page-status">Loading…</p>}
        {loaded.kind === 'failed' && <p role="alert">{loaded.message}</p>}
        {loaded.kind === 'ready' && loaded.links.length === 0 && <p className="page-status">No patient links yet.</p>}
        {loaded.kind === 'ready' && loaded.links.length > 0 && (
          <div className="table-scroll">
            <table className="shares-table" aria-label="Patient links">
              <thead>
                <tr>
                  <th scope="col">Patient</th>
                  <th scope="col">Patient ID</th>
                  <th scope="col">Studies</th>
                  <th scope="col">Status</th>
                  <th scope="col">Created</th>
                  <th scope="col">Ends</th>
                  <th scope="col">Last opened</th>
                  <th scope="col">Sent to doctors</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {loaded.links.map((link) => {
                  const status = patientLinkStatus(link, now);
                  return (
                    <tr key={link.id}>
                      <td>{formatPersonName(link.patientName) || '(no name)'}</td>
                      <td>{link.patientID ?? '—'}</td>
                      <td>{link.studyCount ?? 'All'}</td>
                      <td>
                        {status}
                        {link.hasPasscode && <span className="muted"> · passcode</span>}
                        {!link.allowDownload && <span className="muted"> · no download</span>}
                      </td>
                      <td>{formatShortDateTime(link.createdAt)}</td>
                      <td>{formatShortDateTime(link.expiresAt)}</td>
                      <td>{link.lastOpenedAt === undefined ? 'Never' : formatShortDateTime(link.lastOpenedAt)}</td>
                      <td>{link.forwards}</td>
                      <td>
                        <button
                          type="button"
                          className="button"
                          disabled={status === 'Revoked' || status === 'Expired'}
                          onClick={() => setRevoking(link)}
                        >
                          Revoke
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </main>
      {creating && <PatientLinkDialog target={creating} onClose={() => setCreating(undefined)} />}
      {revoking && (
        <ShareActionDialog
          title="Revoke this patient link?"
          action={() => revokePatientLink(api, revoking.id)}
          confirmLabel="Revoke link"
          busyLabel="Revoking…"
          cancelLabel="Keep the link"
          tone="danger"
          focusCancel
          onDone={() => {
            setRevoking(undefined);
            load();
          }}
          onClose={() => setRevoking(undefined)}
        >
          <p>
            {formatPersonName(revoking.patientName) || 'The patient'} loses access at once, and every link they sent to
            a doctor from it stops working too. This cannot be undone.
          </p>
        </ShareActionDialog>
      )}
    </div>
  );
}
