import { useEffect, useMemo, useState } from 'react';
import type { DicomwebClient } from '../../dicomweb/client';
import { studyRow, type StudyRow } from './studyRow';
import { studyQuery, type StudySearch } from './studySearch';

interface StudyPage {
  rows: StudyRow[];
  hasNextPage: boolean;
}

type StudySearchState =
  | { status: 'loading'; previous: StudyPage | undefined }
  | { status: 'done'; page: StudyPage }
  | { status: 'error'; error: unknown };

/**
 * Runs the QIDO-RS search for the current view state; a newer search aborts the older one, so
 * results never arrive out of order. `retry` runs the same search again.
 */
export function useStudySearch(
  client: DicomwebClient,
  search: StudySearch,
): { state: StudySearchState; retry: () => void } {
  const [state, setState] = useState<StudySearchState>({ status: 'loading', previous: undefined });
  const [attempt, setAttempt] = useState(0);
  const fresh = studyQuery(search, new Date());
  // Compared as text: sorting, or a new object with the same content, must not search again.
  const key = JSON.stringify(fresh);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed by the query's text, not its identity
  const query = useMemo(() => fresh, [key]);

  useEffect(() => {
    const controller = new AbortController();
    setState((current) => ({
      status: 'loading',
      previous: current.status === 'done' ? current.page : current.status === 'loading' ? current.previous : undefined,
    }));
    client.searchStudies(query, controller.signal).then(
      (datasets) => {
        if (controller.signal.aborted) return;
        const rows = datasets.flatMap((dataset) => studyRow(dataset) ?? []);
        const pageSize = Number(query.limit) - 1;
        setState({ status: 'done', page: { rows: rows.slice(0, pageSize), hasNextPage: datasets.length > pageSize } });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'error', error });
      },
    );
    return () => controller.abort();
  }, [client, query, attempt]);

  return { state, retry: () => setAttempt((n) => n + 1) };
}
