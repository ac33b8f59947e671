import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { Share } from '../api/sharesApi';
import { AppHeader } from '../AppHeader';
import { useStaff } from '../auth/SessionProvider';
import { useDataSource } from '../DataSourceProvider';
import { describeShareError } from './describeShareError';
import { ExtendDialog } from './ExtendDialog';
import { RevokeDialog } from './RevokeDialog';
import { ShareDetailPanel } from './ShareDetailPanel';
import { SharesTable } from './SharesTable';
import { UnlockDialog } from './UnlockDialog';
import { useShares } from './useShares';
import { useStudyLabels } from './useStudyLabels';
import './shares.css';

type Action = { kind: 'extend' | 'revoke' | 'unlock'; share: Share };

/** `/shares[?all=1]`: the reader's links (an admin may see everyone's), with revoke, extend, unlock and access history. */
export function MySharesPage() {
  const staff = useStaff();
  const { client } = useDataSource();
  const [params, setParams] = useSearchParams();
  const isAdmin = staff?.user.role === 'admin';
  const all = isAdmin && params.get('all') === '1';
  const { state, reload } = useShares(all);
  const [selectedId, setSelectedId] = useState<string>();
  const [action, setAction] = useState<Action>();
  // Bumped after a change so the open history panel shows the new record too.
  const [version, setVersion] = useState(0);
  const shares = useMemo(() => (state.status === 'error' ? [] : (state.shares ?? [])), [state]);
  const studyLabels = useStudyLabels(
    client,
    useMemo(() => shares.flatMap((share) => share.studies.map((study) => study.studyInstanceUID)), [shares]),
  );

  useEffect(() => {
    document.title = `${all ? 'All shares' : 'My shares'} · SecondRead`;
  }, [all]);

  const changed = () => {
    setAction(undefined);
    setVersion((n) => n + 1);
    reload();
  };

  return (
    <div className="app">
      <AppHeader />
      <main className="shares-page">
        <div className="shares-bar">
          <h1>{all ? 'All shares' : 'My shares'}</h1>
          {isAdmin && (
            <label className="check">
              <input
                type="checkbox"
                checked={all}
                onChange={(event) => setParams(event.target.checked ? { all: '1' } : {}, { replace: true })}
              />
              All shares
            </label>
          )}
          {state.status === 'loading' && <span className="busy">Loading…</span>}
        </div>
        {state.status === 'error' ? (
          <section className="search-message search-message-error" role="alert">
            <h2>The share links could not be loaded</h2>
            <p>{describeShareError(state.error)}</p>
            <button type="button" className="button button-primary" onClick={reload}>
              Retry
            </button>
          </section>
        ) : state.status === 'done' && shares.length === 0 ? (
          <section className="search-message" role="status">
            <h2>No share links yet</h2>
            <p>Share a study from the study list (tick it) or from the viewer's Share button.</p>
          </section>
        ) : (
          <div className="shares-layout">
            <SharesTable
              shares={shares}
              studyLabels={studyLabels}
              showSender={all}
              selectedId={selectedId}
              onDetails={(share) => setSelectedId((current) => (current === share.id ? undefined : share.id))}
              onExtend={(share) => setAction({ kind: 'extend', share })}
              onRevoke={(share) => setAction({ kind: 'revoke', share })}
              onUnlock={(share) => setAction({ kind: 'unlock', share })}
              now={Date.now()}
            />
            {selectedId && (
              <ShareDetailPanel
                shareId={selectedId}
                version={version}
                studyLabels={studyLabels}
                onClose={() => setSelectedId(undefined)}
              />
            )}
          </div>
        )}
      </main>
      {action?.kind === 'revoke' && (
        <RevokeDialog share={action.share} onDone={changed} onClose={() => setAction(undefined)} />
      )}
      {action?.kind === 'unlock' && (
        <UnlockDialog share={action.share} onDone={changed} onClose={() => setAction(undefined)} />
      )}
      {action?.kind === 'extend' && (
        <ExtendDialog share={action.share} onDone={changed} onClose={() => setAction(undefined)} />
      )}
    </div>
  );
}
