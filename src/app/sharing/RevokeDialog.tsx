import { api } from '../api/api';
import { revokeShare, type Share } from '../api/sharesApi';
import { Dialog } from './Dialog';
import { useShareAction } from './useShareAction';

/** Asks before revoking: the recipient loses access at their next request, and it cannot be undone. */
export function RevokeDialog({ share, onDone, onClose }: { share: Share; onDone: () => void; onClose: () => void }) {
  const { busy, error, run: revoke } = useShareAction(() => revokeShare(api, share.id), onDone);
  return (
    <Dialog title="Revoke this link?" onClose={onClose} className="confirm-dialog">
      <p>
        {share.label ? <>The link for <strong>{share.label}</strong></> : 'The link'} stops working at once: a recipient who has it open loses access at their
        next request. This cannot be undone; you can create a new link later.
      </p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose} autoFocus>
          Keep the link
        </button>
        <button type="button" className="button button-danger" disabled={busy} onClick={() => void revoke()}>
          {busy ? 'Revoking…' : 'Revoke link'}
        </button>
      </div>
    </Dialog>
  );
}
