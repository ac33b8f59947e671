import { useId, useState, type SubmitEvent } from 'react';
import { ApiError } from '../api/apiClient';
import { api } from '../api/api';
import { createForward } from '../api/patientsApi';
import type { CreatedShare } from '../api/sharesApi';
import { describeShareError } from '../sharing/describeShareError';
import { Dialog } from '../sharing/Dialog';
import type { ExpiryPreset } from '../sharing/expiry';
import { QrCode } from '../sharing/QrCode';
import { formatDate } from './formatDate';
import { forwardExpiry } from './forwardExpiry';

export interface ForwardStudy {
  studyInstanceUID: string;
  /** Date, kind and description, as the patient's list shows them. */
  label: string;
}

const LIFETIMES: readonly [choice: ExpiryPreset | 'linkEnd', label: string][] = [
  ['7d', '7 days'],
  ['30d', '30 days'],
  ['linkEnd', 'Until my own link ends'],
];
const MESSAGE_MAX = 2000;

/** Words for a refused forward: the gateway names the patient's link end when the choice is too long. */
function describeForwardError(error: unknown): string {
  if (error instanceof ApiError && error.code === 'EXPIRY_TOO_LONG') return error.message;
  return describeShareError(error);
}

/**
 * "Send to a doctor": a link to some of the patient's studies for a doctor to view (and answer),
 * never longer than the patient's own link. The link is shown once, with its QR code.
 */
export function ForwardDialog({
  studies,
  preselected,
  linkEnd,
  onClose,
}: {
  studies: readonly ForwardStudy[];
  preselected: readonly string[];
  linkEnd: number;
  onClose: () => void;
}) {
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set(preselected));
  const [lifetime, setLifetime] = useState<ExpiryPreset | 'linkEnd'>('30d');
  const [recipient, setRecipient] = useState('');
  const [passcode, setPasscode] = useState('');
  const [message, setMessage] = useState('');
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<CreatedShare>();
  const id = useId();

  const toggle = (uid: string) =>
    setChosen((previous) => {
      const next = new Set(previous);
      if (!next.delete(uid)) next.add(uid);
      return next;
    });

  const submit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const expiry = forwardExpiry(lifetime === 'linkEnd' ? 'linkEnd' : { preset: lifetime }, linkEnd, Date.now());
    const refusal = chosen.size === 0 ? 'Tick at least one study to send.' : expiry.ok ? undefined : expiry.message;
    setProblem(refusal);
    if (refusal !== undefined || !expiry.ok) return;
    setBusy(true);
    try {
      setCreated(
        await createForward(api, {
          studyInstanceUIDs: studies.map((study) => study.studyInstanceUID).filter((uid) => chosen.has(uid)),
          expiresInSeconds: expiry.seconds,
          ...(passcode !== '' && { passcode }),
          ...(message.trim() !== '' && { message: message.trim() }),
          ...(recipient.trim() !== '' && { recipient: recipient.trim() }),
        }),
      );
    } catch (failure) {
      setProblem(describeForwardError(failure));
    } finally {
      setBusy(false);
    }
  };

  if (created)
    return (
      <Dialog title="Link for your doctor" onClose={onClose} className="share-dialog forward-dialog">
        <div className="share-result">
          <p className="share-result-title">Send this link to your doctor</p>
          <input
            readOnly
            value={created.url}
            aria-label="Link for your doctor"
            className="share-link"
            onFocus={(event) => event.target.select()}
          />
          <div className="share-result-body">
            <QrCode text={created.url} label="QR code of the link for your doctor" />
            <ul className="share-facts">
              <li>
                It works until <strong>{formatDate(created.expiresAt)}</strong>.
              </li>
              {passcode !== '' && <li>Tell your doctor the passcode another way (by phone, for example).</li>}
              <li>This link is shown only once: copy it now. You can revoke it under “Doctors I sent to”.</li>
            </ul>
          </div>
          <div className="dialog-actions">
            <button type="button" className="button button-primary" onClick={onClose}>
              Done
            </button>
          </div>
        </div>
      </Dialog>
    );

  return (
    <Dialog title="Send to a doctor" onClose={onClose} className="share-dialog forward-dialog">
      <form className="share-form" onSubmit={(event) => void submit(event)}>
        <fieldset className="share-section">
          <legend className="field-label">Which studies</legend>
          {studies.map((study) => (
            <label key={study.studyInstanceUID} className="check">
              <input
                type="checkbox"
                checked={chosen.has(study.studyInstanceUID)}
                onChange={() => toggle(study.studyInstanceUID)}
              />
              {study.label}
            </label>
          ))}
        </fieldset>
        <fieldset className="share-section">
          <legend className="field-label">The doctor can see them for</legend>
          <div className="segmented">
            {LIFETIMES.map(([value, label]) => (
              <label key={value} className="segment">
                <input
                  type="radio"
                  name={`${id}-lifetime`}
                  checked={lifetime === value}
                  onChange={() => setLifetime(value)}
                />
                <span>{label}</span>
              </label>
            ))}
          </div>
          <span className="field-note">Your own link ends {formatDate(linkEnd)}.</span>
        </fieldset>
        <label className="field">
          <span className="field-label">Doctor’s name (optional)</span>
          <input
            value={recipient}
            maxLength={200}
            placeholder="e.g. Dr Wilson, neurology"
            onChange={(event) => setRecipient(event.target.value)}
          />
        </label>
        <label className="field">
          <span className="field-label">Passcode (optional)</span>
          <input
            value={passcode}
            minLength={6}
            maxLength={128}
            autoComplete="off"
            spellCheck={false}
            placeholder="At least 6 characters"
            onChange={(event) => setPasscode(event.target.value)}
          />
        </label>
        <label className="field">
          <span className="field-label">Message for the doctor (optional)</span>
          <textarea
            value={message}
            rows={3}
            maxLength={MESSAGE_MAX}
            placeholder="e.g. what you would like to know"
            onChange={(event) => setMessage(event.target.value)}
          />
        </label>
        {problem && (
          <p className="form-error" role="alert">
            {problem}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create link'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
