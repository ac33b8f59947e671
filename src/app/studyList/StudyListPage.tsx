import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { AppHeader } from '../AppHeader';
import { useStaff } from '../auth/SessionProvider';
import { useDataSource } from '../DataSourceProvider';
import { PatientLinkButton } from '../patientLinks/PatientLinkButton';
import { viewerPath } from '../routes';
import { ShareSelectionBar } from '../sharing/ShareSelectionBar';
import { useStudySelection } from '../sharing/useStudySelection';
import { describeSearchError } from './describeSearchError';
import { Pager } from './Pager';
import { SearchForm } from './SearchForm';
import { SearchMessage } from './SearchMessage';
import { sortRows } from './sortRows';
import { StudyTable } from './StudyTable';
import type { StudyRow } from './studyRow';
import { hasFilters, searchFromParams, searchToParams, type StudySearch } from './studySearch';
import { useSlashFocus } from './useSlashFocus';
import { useStudySearch } from './useStudySearch';

export function StudyListPage() {
  const dataSource = useDataSource();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const search = useMemo(() => searchFromParams(params), [params]);
  const { state, retry } = useStudySearch(dataSource.client, search);
  const nameRef = useRef<HTMLInputElement>(null);
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const selection = useStudySelection();
  // Signed-in staff share the gateway's studies; a direct-mode server's are not the gateway's to share.
  const canShare = useStaff() !== undefined && !dataSource.direct;

  useEffect(() => {
    document.title = 'Studies · SecondRead';
  }, []);
  useSlashFocus(nameRef);

  const update = useCallback(
    (changes: Partial<StudySearch>, typing = false) => {
      // A new filter starts again at the first page; paging and sorting keep the others.
      const resetsPage = !('page' in changes) && !('sort' in changes);
      setParams(searchToParams({ ...search, ...changes, ...(resetsPage ? { page: 1 } : {}) }), { replace: typing });
    },
    [search, setParams],
  );

  const open = (row: StudyRow) => void navigate(viewerPath(row.studyInstanceUID));
  const focusResults = () => bodyRef.current?.querySelector<HTMLElement>('tr[tabindex="0"]')?.focus();
  const page = state.status === 'done' ? state.page : state.status === 'loading' ? state.previous : undefined;
  const rows = useMemo(() => sortRows(page?.rows ?? [], search.sort), [page, search.sort]);

  return (
    <div className="app">
      <AppHeader>
        <p className="key-hints" aria-hidden="true">
          <kbd>/</kbd> search <kbd>↑</kbd>
          <kbd>↓</kbd> select <kbd>Enter</kbd> open
        </p>
      </AppHeader>
      <main className="study-list">
        <h1 className="visually-hidden">Studies</h1>
        <SearchForm search={search} onChange={update} nameRef={nameRef} onArrowDown={focusResults} />
        <div className="results-bar">
          <p className="results-note">
            {state.status === 'loading' ? <span className="busy">Searching…</span> : null}
            {search.sort ? 'Sorted within this page only' : 'Archive order · click a column header to sort this page'}
          </p>
          {canShare && <ShareSelectionBar selection={selection} />}
          {canShare && <PatientLinkButton selection={selection} />}
          <Pager
            page={search.page}
            pageSize={search.pageSize}
            shown={rows.length}
            hasNextPage={page?.hasNextPage ?? false}
            onPage={(next) => update({ page: next })}
            onPageSize={(pageSize) => update({ pageSize })}
          />
        </div>
        {state.status === 'error' ? (
          <ErrorState error={state.error} retry={retry} />
        ) : state.status === 'done' && rows.length === 0 ? (
          <EmptyState search={search} onFirstPage={() => update({ page: 1 })} />
        ) : (
          <StudyTable
            rows={rows}
            sort={search.sort}
            onSort={(sort) => update({ sort })}
            onOpen={open}
            onEscape={() => nameRef.current?.focus()}
            bodyRef={bodyRef}
            busy={state.status === 'loading'}
            selection={canShare ? selection : undefined}
          />
        )}
      </main>
    </div>
  );
}

function ErrorState({ error, retry }: { error: unknown; retry: () => void }) {
  const source = useDataSource();
  const { title, detail } = describeSearchError(error, source);
  return (
    <SearchMessage
      alert
      title={title}
      action={
        <button type="button" className="button button-primary" onClick={retry}>
          Retry
        </button>
      }
    >
      {detail}
    </SearchMessage>
  );
}

function EmptyState({ search, onFirstPage }: { search: StudySearch; onFirstPage: () => void }) {
  if (search.page > 1) {
    return (
      <SearchMessage
        title="No more studies"
        action={
          <button type="button" className="button" onClick={onFirstPage}>
            Go to the first page
          </button>
        }
      >
        This page is past the last match.
      </SearchMessage>
    );
  }
  return (
    <SearchMessage title={hasFilters(search) ? 'No studies match' : 'The archive has no studies'}>
      {hasFilters(search)
        ? 'Widen the search: fewer letters, another date range or any modality.'
        : 'Studies appear here once they are sent to the archive.'}
    </SearchMessage>
  );
}
