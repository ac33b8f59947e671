import { lazy, Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { LoginPage } from './auth/LoginPage';
import { SessionGate } from './auth/SessionGate';
import { SessionProvider } from './auth/SessionProvider';
import type { DataSource } from './dataSource';
import { DataSourceProvider } from './DataSourceProvider';
import { NotFoundPage } from './NotFoundPage';
import { LOGIN_PATH, SHARES_PATH } from './routes';
import { MySharesPage } from './sharing/MySharesPage';
import { StudyListPage } from './studyList/StudyListPage';

// Loaded on demand so the study list never downloads Cornerstone and its codecs.
const ViewerPage = lazy(() => import('./viewer/ViewerPage'));

export function App({ dataSource }: { dataSource: DataSource }) {
  return (
    <DataSourceProvider value={dataSource}>
      <SessionProvider>
        <BrowserRouter>
          <Routes>
            <Route path={LOGIN_PATH} element={<LoginPage />} />
            {/* Signed-in staff, or a link recipient (who gets only the shared studies' viewer). */}
            <Route element={<SessionGate />}>
              <Route path="/" element={<StudyListPage />} />
              <Route
                path="/viewer"
                element={
                  <Suspense fallback={<p className="page-status" role="status">Loading viewer…</p>}>
                    <ViewerPage />
                  </Suspense>
                }
              />
              <Route path={SHARES_PATH} element={<MySharesPage />} />
            </Route>
            <Route path="*" element={<NotFoundPage />} />
          </Routes>
        </BrowserRouter>
      </SessionProvider>
    </DataSourceProvider>
  );
}
