import { useId, useState, type SubmitEvent } from 'react';
import type { NewShare } from '../api/sharesApi';
import { ExpiryPicker } from './ExpiryPicker';
import { DEFAULT_EXPIRY, expirySeconds, type ExpiryChoice } from './expiry';
import { generatePasscode } from './passcode';
import { SeriesScopePicker, type SeriesOption } from './SeriesScopePicker';
import { shareScope, type ScopeChoice } from './shareScope';

export interface StudyOption {
  studyInstanceUID: string;
  /** Patient, date and description as the study list shows them; absent in the viewer. */
  description?: string;
}

interface ShareFormProps {
  studies: readonly StudyOption[];
  /** The viewer's series, for sharing only some of them; absent from the study list. */
  series?: { entries: readonly SeriesOption[]; active: string | undefined };
  busy: boolean;
  error: string | undefined;
  onSubmit: (share: NewShare) => void;
  onCancel: () => void;
}

/** The longest message the gateway takes (POST /api/shares `message`). */
const MESSAGE_MAX = 2000;

/** The link's scope, lifetime and protections. Parsed here; the server has the last word on limits. */
export function ShareForm({ studies, series, busy, error, onSubmit, onCancel }: ShareFormProps) {
  const [scope, setScope] = useState<ScopeChoice>({ kind: 'studies' });
  const [expiry, setExpiry] = useState<ExpiryChoice>({ preset: DEFAULT_EXPIRY });
  const [maxOpens, setMaxOpens] = useState('');
  const [passcode, setPasscode] = useState('');
  const [allowDownload, setAllowDownload] = useState(false);
  const [label, setLabel] = useState('');
  const [message, setMessage] = useState('');
  // A question asks for an answer: replies are on once one is written, unless the sender decided.
  const [replyChoice, setReplyChoice] = useState<boolean>();
  const allowReply = replyChoice ?? message.trim() !== '';
  const [problem, setProblem] = useState<string>();
  const id = useId();

  const submit = (event: SubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const studyUids = studies.map((study) => study.studyInstanceUID);
    const resolved = shareScope(scope, studyUids, series?.entries ?? [], series?.active);
    if (!resolved.ok) return setProblem(resolved.message);
    const lifetime = expirySeconds(expiry, Date.now());
    if (!lifetime.ok) return setProblem(lifetime.message);
    setProblem(undefined);
    onSubmit({
      studyInstanceUIDs: resolved.studyInstanceUIDs,
      ...(resolved.seriesInstanceUIDs && { seriesInstanceUIDs: resolved.seriesInstanceUIDs }),
      expiresInSeconds: lifetime.seconds,
      ...(passcode !== '' && { passcode }),
      ...(maxOpens !== '' && { maxOpens: Number(maxOpens) }),
      allowDownload,
      allowReply,
      ...(label.trim() !== '' && { label: label.trim() }),
      ...(message.trim() !== '' && { message: message.trim() }),
    });
  };

  const shown = problem ?? error;
  return (
    <form className="share-form" onSubmit={submit}>
      {series ? (
        <SeriesScopePicker
          entries={series.entries}
          active={series.active}
          studyCount={studies.length}
          value={scope}
          onChange={setScope}
        />
      ) : (
        <fieldset className="share-section">
          <legend className="field-label">{studies.length === 1 ? 'Study' : `${studies.length} studies`}</legend>
          <ul className="share-study-list">
            {studies.map((study) => (
              <li key={study.studyInstanceUID}>{study.description || study.studyInstanceUID}</li>
            ))}
          </ul>
        </fieldset>
      )}
      <ExpiryPicker value={expiry} onChange={setExpiry} />
      <div className="share-grid">
        <label className="field">
          <span className="field-label">Recipient label</span>
          <input
            value={label}
            maxLength={200}
            placeholder="e.g. Dr Wilson, neurology"
            aria-describedby={`${id}-label-note`}
            onChange={(event) => setLabel(event.target.value)}
          />
          <span id={`${id}-label-note`} className="field-note">
            The recipient sees this label.
          </span>
        </label>
        <label className="field">
          <span className="field-label">Max opens</span>
          <input
            type="number"
            min={1}
            max={10000}
            step={1}
            inputMode="numeric"
            placeholder="No limit"
            value={maxOpens}
            onChange={(event) => setMaxOpens(event.target.value)}
          />
        </label>
        <div className="field">
          <label className="field-label" htmlFor={`${id}-passcode`}>
            Passcode (optional)
          </label>
          <div className="share-passcode-row">
            <input
              id={`${id}-passcode`}
              value={passcode}
              minLength={6}
              maxLength={128}
              autoComplete="off"
              spellCheck={false}
              placeholder="At least 6 characters"
              onChange={(event) => setPasscode(event.target.value)}
            />
            <button type="button" className="button" onClick={() => setPasscode(generatePasscode())}>
              Generate
            </button>
          </div>
        </div>
      </div>
      <label className="field">
        <span className="field-label">Message for the recipient (optional)</span>
        <textarea
          value={message}
          rows={3}
          maxLength={MESSAGE_MAX}
          placeholder="e.g. the clinical question"
          aria-describedby={`${id}-message-note`}
          onChange={(event) => setMessage(event.target.value)}
        />
        <span id={`${id}-message-note`} className="field-note">
          Plain text, shown on the link's page and in the viewer · {message.length} / {MESSAGE_MAX}
        </span>
      </label>
      <label className="check">
        <input type="checkbox" checked={allowDownload} onChange={(event) => setAllowDownload(event.target.checked)} />
        Allow the recipient to download the DICOM files
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={allowReply}
          aria-describedby={`${id}-reply-note`}
          onChange={(event) => setReplyChoice(event.target.checked)}
        />
        Allow a reply
      </label>
      <span id={`${id}-reply-note`} className="field-note">
        The recipient can send back a written opinion, measurements and key images, stored with the study.
      </span>
      {shown && (
        <p className="form-error" role="alert">
          {shown}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create link'}
        </button>
      </div>
    </form>
  );
}
