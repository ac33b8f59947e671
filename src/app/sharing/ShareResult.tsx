import { useRef, useState } from 'react';
import type { CreatedShare } from '../api/sharesApi';
import { formatDateTime } from './formatTime';
import { QrCode } from './QrCode';

type CopyState = 'idle' | 'copied' | 'failed';

/** The new link, shown this once: copy, QR code, expiry, and the reason it cannot be shown again. */
export function ShareResult({
  created,
  passcode,
  onDone,
}: {
  created: CreatedShare;
  passcode: boolean;
  onDone: () => void;
}) {
  const [copy, setCopy] = useState<CopyState>('idle');
  const input = useRef<HTMLInputElement>(null);
  const copyLink = async () => {
    try {
      await navigator.clipboard.writeText(created.url);
      setCopy('copied');
    } catch {
      // No clipboard access (plain http on another host, or permission refused): select it for Ctrl+C.
      input.current?.select();
      setCopy('failed');
    }
  };
  return (
    <div className="share-result">
      <p className="share-result-title">Link created</p>
      <div className="share-link-row">
        <input
          ref={input}
          readOnly
          value={created.url}
          aria-label="Share link"
          className="share-link"
          onFocus={(event) => event.target.select()}
        />
        <button type="button" className="button button-primary" onClick={() => void copyLink()} autoFocus>
          Copy link
        </button>
      </div>
      <p className="share-copy-status" role="status">
        {copy === 'copied'
          ? 'Copied to the clipboard.'
          : copy === 'failed'
            ? 'Copying is not allowed here: the link is selected, press Ctrl+C (⌘C).'
            : ''}
      </p>
      <div className="share-result-body">
        <QrCode text={created.url} label="QR code of the share link" />
        <ul className="share-facts">
          <li>
            Expires <strong>{formatDateTime(created.expiresAt)}</strong>
          </li>
          {passcode && <li>The recipient also needs the passcode: send it another way than the link.</li>}
          <li className="share-once">
            This link is shown only once. SecondRead keeps only a fingerprint of it, so copy it now. You can revoke or
            extend it in My shares.
          </li>
        </ul>
      </div>
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onDone}>
          Done
        </button>
      </div>
    </div>
  );
}
