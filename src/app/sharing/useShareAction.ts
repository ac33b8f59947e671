import { useState } from 'react';
import { describeShareError } from './describeShareError';

/**
 * One request on a share from a dialog (revoke, extend, unlock): busy while it runs, then `onDone`, or the
 * error the reader can act on, with the button enabled again for a retry.
 */
export function useShareAction(action: () => Promise<unknown>, onDone: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const run = async () => {
    setBusy(true);
    try {
      await action();
      onDone();
    } catch (failure) {
      setError(describeShareError(failure));
      setBusy(false);
    }
  };
  return { busy, error, run };
}
