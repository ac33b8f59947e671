import { useState } from 'react';
import { api } from '../api/api';
import { extendShare, type Share } from '../api/sharesApi';
import { EXPIRY_PRESETS, type ExpiryPreset } from './expiry';
import { formatDateTime } from './formatTime';
import { ShareActionDialog } from './ShareActionDialog';

/** A new end for the link, counted from now (shorter works too); the server caps the longest. */
export function ExtendDialog({ share, onDone, onClose }: { share: Share; onDone: () => void; onClose: () => void }) {
  const [preset, setPreset] = useState<ExpiryPreset>('7d');
  const seconds = EXPIRY_PRESETS.find((p) => p.id === preset)?.seconds ?? 0;
  return (
    <ShareActionDialog
      title="Change the expiry"
      action={() => extendShare(api, share.id, seconds)}
      confirmLabel="Set expiry"
      busyLabel="Saving…"
      cancelLabel="Cancel"
      tone="primary"
      onDone={onDone}
      onClose={onClose}
    >
      <p className="muted">
        Now: {formatDateTime(share.expiresAt)}. Recipients who have the link open keep their current viewing session.
      </p>
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
    </ShareActionDialog>
  );
}
