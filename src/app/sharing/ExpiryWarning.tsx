import { useEffect, useState } from 'react';
import type { ShareSessionInfo } from '../api/authApi';
import { expiryWarning, nextWarningCheck } from './expiryWarning';

/**
 * The banner's "expires in N minutes", from ten minutes before the end. A component of its own so
 * that its ticking re-renders only itself, never the viewer. Always in the page, so screen readers
 * announce the text when it appears.
 */
export function ExpiryWarning({ share }: { share: Pick<ShareSessionInfo, 'expiresAt' | 'sessionExpiresAt'> }) {
  const [now, setNow] = useState(Date.now);
  const { expiresAt, sessionExpiresAt } = share;
  useEffect(() => {
    const delay = nextWarningCheck({ expiresAt, sessionExpiresAt }, now);
    if (delay === undefined) return;
    const timer = window.setTimeout(() => setNow(Date.now()), delay);
    return () => window.clearTimeout(timer);
  }, [expiresAt, sessionExpiresAt, now]);
  const warning = expiryWarning({ expiresAt, sessionExpiresAt }, now);
  return (
    <span className={warning ? 'share-banner-warning' : undefined} role="status">
      {warning}
    </span>
  );
}
