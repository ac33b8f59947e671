import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/api';
import { listShares, type Share } from '../api/sharesApi';

type SharesState =
  | { status: 'loading'; shares: Share[] | undefined }
  | { status: 'done'; shares: Share[] }
  | { status: 'error'; error: unknown };

/** The sender's links (or everyone's for an admin); `reload` after a change. Newer loads abort older ones. */
export function useShares(all: boolean): { state: SharesState; reload: () => void } {
  const [state, setState] = useState<SharesState>({ status: 'loading', shares: undefined });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    setState((current) => ({ status: 'loading', shares: current.status === 'error' ? undefined : current.shares }));
    listShares(api, all, controller.signal).then(
      (shares) => {
        if (!controller.signal.aborted) setState({ status: 'done', shares });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'error', error });
      },
    );
    return () => controller.abort();
  }, [all, attempt]);
  return { state, reload: useCallback(() => setAttempt((n) => n + 1), []) };
}
