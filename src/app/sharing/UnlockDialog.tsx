import { api } from '../api/api';
import { unlockShare, type Share } from '../api/sharesApi';
import { ShareActionDialog } from './ShareActionDialog';

/** Asks before lifting a passcode lock: wrong passcodes may have come from someone guessing. */
export function UnlockDialog({ share, onDone, onClose }: { share: Share; onDone: () => void; onClose: () => void }) {
  const failures = `${share.passcodeFailures} wrong ${share.passcodeFailures === 1 ? 'passcode' : 'passcodes'}`;
  return (
    <ShareActionDialog
      title="Unlock this link?"
      action={() => unlockShare(api, share.id)}
      confirmLabel="Unlock link"
      busyLabel="Unlocking…"
      cancelLabel="Keep it locked"
      tone="primary"
      focusCancel
      onDone={onDone}
      onClose={onClose}
    >
      <p>
        {share.label ? (
          <>
            The link for <strong>{share.label}</strong>
          </>
        ) : (
          'The link'
        )}{' '}
        was locked after {failures}
        {share.passcodeBlocked ? ' and stays locked until you unlock it' : ''}. Unlock it only if you know the recipient
        mistyped the passcode; if someone else may be guessing it, revoke the link and send a new one instead.
      </p>
    </ShareActionDialog>
  );
}
