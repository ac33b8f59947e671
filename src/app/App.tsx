import { lazy, Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import type { DataSource } from './dataSource';
import { DataSourceProvider } from './DataSourceProvider';
import { NotFoundPage } from './NotFoundPage';
import { StudyListPage } from './studyList/StudyListPage';

// Loaded on demand so the study list never downloads Cornerstone and its codecs.
const ViewerPage = lazy(() => import('./viewer/ViewerPage'));

export function App({ dataSource }: { dataSource: DataSource }) {
  return (
    <DataSourceProvider value={dataSource}>
      <BrowserRouter>
        <Routes>
          <Route path="/" element={<StudyListPage />} />
          <Route
            path="/viewer"
            element={
              <Suspense fallback={<p className="page-status" role="status">Loading viewer…</p>}>
                <ViewerPage />
              </Suspense>
            }
          />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </BrowserRouter>
    </DataSourceProvider>
  );
}
