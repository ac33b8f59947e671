import { api } from '../api/api';
import { revokeShare, type Share } from '../api/sharesApi';
import { ShareActionDialog } from './ShareActionDialog';

/** Asks before revoking: the recipient loses access at their next request, and it cannot be undone. */
export function RevokeDialog({ share, onDone, onClose }: { share: Share; onDone: () => void; onClose: () => void }) {
  return (
    <ShareActionDialog
      title="Revoke this link?"
      action={() => revokeShare(api, share.id)}
      confirmLabel="Revoke link"
      busyLabel="Revoking…"
      cancelLabel="Keep the link"
      tone="danger"
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
        stops working at once: a recipient who has it open loses access at their next request. This cannot be undone;
        you can create a new link later.
      </p>
    </ShareActionDialog>
  );
}
