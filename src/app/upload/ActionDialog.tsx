import { useState, type ReactNode } from 'react';
import { Dialog } from '../sharing/Dialog';
import { describeUploadError } from './describeUploadError';

/** A question before a change that cannot be undone (revoke a link, accept or reject an upload). */
export function ActionDialog({
  title,
  children,
  action,
  confirmLabel,
  busyLabel,
  tone,
  onDone,
  onClose,
}: {
  title: string;
  children: ReactNode;
  action: () => Promise<unknown>;
  confirmLabel: string;
  busyLabel: string;
  tone: 'primary' | 'danger';
  onDone: () => void;
  onClose: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const run = async () => {
    setBusy(true);
    try {
      await action();
      onDone();
    } catch (failure) {
      setError(describeUploadError(failure));
      setBusy(false);
    }
  };
  return (
    <Dialog title={title} onClose={onClose} className="confirm-dialog">
      {children}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose} autoFocus={tone === 'danger'}>
          Cancel
        </button>
        <button type="button" className={`button button-${tone}`} disabled={busy} onClick={() => void run()}>
          {busy ? busyLabel : confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
