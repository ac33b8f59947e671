import { useState } from 'react';
import { api } from '../api/api';
import { extendShare, type Share } from '../api/sharesApi';
import { Dialog } from './Dialog';
import { EXPIRY_PRESETS, type ExpiryPreset } from './expiry';
import { formatDateTime } from './formatTime';
import { useShareAction } from './useShareAction';

/** A new end for the link, counted from now (shorter works too); the server caps the longest. */
export function ExtendDialog({ share, onDone, onClose }: { share: Share; onDone: () => void; onClose: () => void }) {
  const [preset, setPreset] = useState<ExpiryPreset>('7d');
  const seconds = EXPIRY_PRESETS.find((p) => p.id === preset)?.seconds ?? 0;
  const { busy, error, run: extend } = useShareAction(() => extendShare(api, share.id, seconds), onDone);
  return (
    <Dialog title="Change the expiry" onClose={onClose} className="confirm-dialog">
      <p className="muted">Now: {formatDateTime(share.expiresAt)}. Recipients who have the link open keep their current viewing session.</p>
      <fieldset className="share-section">
        <legend className="field-label">Expires in, from now</legend>
        <div className="segmented">
          {EXPIRY_PRESETS.map((option) => (
            <label key={option.id} className="segment">
              <input type="radio" name="extend" checked={preset === option.id} onChange={() => setPreset(option.id)} />
              <span>{option.label}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <p>New expiry: {formatDateTime(Date.now() + seconds * 1000)}</p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="button button-primary" disabled={busy} onClick={() => void extend()}>
          {busy ? 'Saving…' : 'Set expiry'}
        </button>
      </div>
    </Dialog>
  );
}
