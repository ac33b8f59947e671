import { useId, useRef, useState, type SubmitEvent } from 'react';
import { useNavigate } from 'react-router';
import { ApiError } from '../api/apiClient';
import { api } from '../api/api';
import { createPatientLink } from '../api/patientsApi';
import { patientHandoutPath } from '../routes';
import { Dialog } from '../sharing/Dialog';
import { formatPersonName } from '../studyList/format';
import { rememberCreated } from './createdLinks';
import { describePatientLinkError } from './describePatientLinkError';

export interface PatientLinkTarget {
  /** The patient's ID in the archive; '' when the chosen studies have none. */
  patientID: string;
  patientName?: string;
  /** Chosen on the study list; absent when staff typed a Patient ID. */
  studies?: readonly { studyInstanceUID: string; label: string }[];
}

const LIFETIMES = [
  { days: 30, label: '30 days' },
  { days: 90, label: '90 days' },
  { days: 180, label: '6 months' },
  { days: 365, label: '1 year' },
] as const;
const DEFAULT_DAYS = 90;

/**
 * A patient link: every study of a Patient ID (later ones too) or the chosen studies, how long it
 * lasts, whether the patient may download a copy, and a passcode for data without a birth date.
 * Once made, the handout page shows the link and access code (this once).
 */
export function PatientLinkDialog({ target, onClose }: { target: PatientLinkTarget; onClose: () => void }) {
  const navigate = useNavigate();
  const chosen = target.studies;
  const [scope, setScope] = useState<'patient' | 'studies'>(chosen && !target.patientID ? 'studies' : 'patient');
  const [days, setDays] = useState<number>(DEFAULT_DAYS);
  const [allowDownload, setAllowDownload] = useState(true);
  const [passcode, setPasscode] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const passcodeInput = useRef<HTMLInputElement>(null);
  const id = useId();

  const submit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const link = await createPatientLink(api, {
        ...(scope === 'patient'
          ? { patientID: target.patientID }
          : { studyInstanceUIDs: (chosen ?? []).map((study) => study.studyInstanceUID) }),
        expiresInSeconds: days * 86_400,
        allowDownload,
        ...(passcode !== '' && { passcode }),
      });
      rememberCreated({ link, passcode: passcode !== '' });
      void navigate(patientHandoutPath(link.id));
    } catch (failure) {
      setError(describePatientLinkError(failure));
      if (failure instanceof ApiError && failure.code === 'PASSCODE_REQUIRED') passcodeInput.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  const name = target.patientName ? formatPersonName(target.patientName) : undefined;
  return (
    <Dialog title="Patient link" onClose={onClose} className="share-dialog patient-link-dialog">
      <form className="share-form" onSubmit={(event) => void submit(event)}>
        <fieldset className="share-section">
          <legend className="field-label">{name ? `For ${name}` : 'For the patient'}</legend>
          {target.patientID && (
            <label className="check">
              <input
                type="radio"
                name={`${id}-scope`}
                checked={scope === 'patient'}
                onChange={() => setScope('patient')}
              />
              Every study of Patient ID <strong>{target.patientID}</strong>, including later ones
            </label>
          )}
          {chosen && (
            <label className="check">
              <input
                type="radio"
                name={`${id}-scope`}
                checked={scope === 'studies'}
                onChange={() => setScope('studies')}
              />
              Only the {chosen.length === 1 ? 'chosen study' : `${chosen.length} chosen studies`}
            </label>
          )}
          {chosen && scope === 'studies' && (
            <ul className="share-study-list">
              {chosen.map((study) => (
                <li key={study.studyInstanceUID}>{study.label}</li>
              ))}
            </ul>
          )}
        </fieldset>
        <fieldset className="share-section">
          <legend className="field-label">Link works for</legend>
          <div className="segmented">
            {LIFETIMES.map((lifetime) => (
              <label key={lifetime.days} className="segment">
                <input
                  type="radio"
                  name={`${id}-days`}
                  checked={days === lifetime.days}
                  onChange={() => setDays(lifetime.days)}
                />
                <span>{lifetime.label}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <label className="check">
          <input type="checkbox" checked={allowDownload} onChange={(event) => setAllowDownload(event.target.checked)} />
          Allow the patient to download a copy (zip and JPEG)
        </label>
        <label className="field">
          <span className="field-label">Passcode (optional)</span>
          <input
            ref={passcodeInput}
            value={passcode}
            minLength={6}
            maxLength={128}
            autoComplete="off"
            spellCheck={false}
            placeholder="Needed when the images have no birth date"
            aria-describedby={`${id}-passcode-note`}
            onChange={(event) => setPasscode(event.target.value)}
          />
          <span id={`${id}-passcode-note`} className="field-note">
            The patient is asked for their date of birth and, when set, this passcode. Tell it by phone or in person: it
            is not on the handout.
          </span>
        </label>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create patient link'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
