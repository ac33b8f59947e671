import type { ReactNode } from 'react';
import { Dialog } from './Dialog';
import { useShareAction } from './useShareAction';

interface ShareActionDialogProps {
  title: string;
  /** What the action does, and anything to choose before it runs. */
  children: ReactNode;
  action: () => Promise<unknown>;
  confirmLabel: string;
  busyLabel: string;
  cancelLabel: string;
  tone: 'primary' | 'danger';
  /** Focus the safe choice first when the action cannot be undone. */
  focusCancel?: boolean;
  onDone: () => void;
  onClose: () => void;
}

/** One change to a share from My shares (revoke, extend, unlock): the question, the error the reader can act on, two buttons. */
export function ShareActionDialog({
  title,
  children,
  action,
  confirmLabel,
  busyLabel,
  cancelLabel,
  tone,
  focusCancel = false,
  onDone,
  onClose,
}: ShareActionDialogProps) {
  const { busy, error, run } = useShareAction(action, onDone);
  return (
    <Dialog title={title} onClose={onClose} className="confirm-dialog">
      {children}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onClose} autoFocus={focusCancel}>
          {cancelLabel}
        </button>
        <button type="button" className={`button button-${tone}`} disabled={busy} onClick={() => void run()}>
          {busy ? busyLabel : confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
