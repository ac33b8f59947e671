import { lazy, Suspense, useEffect } from 'react';
import { BrowserRouter, Route, Routes, useSearchParams } from 'react-router';
import { isUid } from '../dicom/uid';
import { warmUp } from '../viewer/studyRequests';
import { LoginPage } from './auth/LoginPage';
import { SessionGate } from './auth/SessionGate';
import { SessionProvider } from './auth/SessionProvider';
import type { DataSource } from './dataSource';
import { DataSourceProvider, useDataSource } from './DataSourceProvider';
import { NotFoundPage } from './NotFoundPage';
import { LOGIN_PATH, SHARES_PATH, VIEWER_PATH } from './routes';
import { MySharesPage } from './sharing/MySharesPage';
import { StudyListPage } from './studyList/StudyListPage';

// Loaded on demand so the study list never downloads Cornerstone and its codecs.
export const loadViewerPage = () => import('./viewer/ViewerPage');
const ViewerPage = lazy(loadViewerPage);

/** The viewer route: its first DICOMweb requests start here, while the viewer's code still downloads. */
function ViewerRoute() {
  const { client } = useDataSource();
  const [params] = useSearchParams();
  const studies = params.get('StudyInstanceUIDs') ?? '';
  useEffect(() => {
    const uids = studies
      .split(',')
      .map((uid) => uid.trim())
      .filter(Boolean);
    if (uids.length > 0 && uids.every(isUid)) warmUp(client, uids);
  }, [client, studies]);
  return (
    <Suspense
      fallback={
        <p className="page-status" role="status">
          Loading viewer…
        </p>
      }
    >
      <ViewerPage />
    </Suspense>
  );
}

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
              <Route path={VIEWER_PATH} element={<ViewerRoute />} />
              <Route path={SHARES_PATH} element={<MySharesPage />} />
            </Route>
            <Route path="*" element={<NotFoundPage />} />
          </Routes>
        </BrowserRouter>
      </SessionProvider>
    </DataSourceProvider>
  );
}
