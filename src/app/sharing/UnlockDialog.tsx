import { api } from '../api/api';
import { unlockShare, type Share } from '../api/sharesApi';
import { Dialog } from './Dialog';
import { useShareAction } from './useShareAction';

/** Asks before lifting a passcode lock: wrong passcodes may have come from someone guessing. */
export function UnlockDialog({ share, onDone, onClose }: { share: Share; onDone: () => void; onClose: () => void }) {
  const { busy, error, run: unlock } = useShareAction(() => unlockShare(api, share.id), onDone);
  const failures = `${share.passcodeFailures} wrong ${share.passcodeFailures === 1 ? 'passcode' : 'passcodes'}`;
  return (
    <Dialog title="Unlock this link?" onClose={onClose} className="confirm-dialog">
      <p>
        {share.label ? <>The link for <strong>{share.label}</strong></> : 'The link'} was locked after {failures}
        {share.passcodeBlocked ? ' and stays locked until you unlock it' : ''}. Unlock it only if you know the recipient mistyped the passcode; if
        someone else may be guessing it, revoke the link and send a new one instead.
      </p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose} autoFocus>
          Keep it locked
        </button>
        <button type="button" className="button button-primary" disabled={busy} onClick={() => void unlock()}>
          {busy ? 'Unlocking…' : 'Unlock link'}
        </button>
      </div>
    </Dialog>
  );
}
