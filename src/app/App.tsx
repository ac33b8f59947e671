import { lazy, Suspense, useEffect } from 'react';
import { BrowserRouter, Route, Routes, useSearchParams } from 'react-router';
import { isUid } from '../dicom/uid';
import { warmUp } from '../viewer/studyRequests';
import { LoginPage } from './auth/LoginPage';
import { SessionGate } from './auth/SessionGate';
import { SessionProvider } from './auth/SessionProvider';
import type { DataSource } from './dataSource';
import { DataSourceProvider, useDataSource } from './DataSourceProvider';
import { IncomingPage } from './incoming/IncomingPage';
import { NotFoundPage } from './NotFoundPage';
import { PatientHomeRoute } from './patient/PatientHomeRoute';
import { PatientHandoutPage } from './patientLinks/PatientHandoutPage';
import { PatientLinksPage } from './patientLinks/PatientLinksPage';
import {
  INCOMING_PATH,
  LOCAL_PATH,
  LOGIN_PATH,
  PATIENT_LINKS_PATH,
  PATIENT_PATH,
  PATIENT_VIEWER_PATH,
  SHARES_PATH,
  UPLOAD_LINKS_PATH,
  UPLOAD_PATH,
  VIEWER_PATH,
} from './routes';
import { MySharesPage } from './sharing/MySharesPage';
import { StudyListPage } from './studyList/StudyListPage';
import { UploadLinksPage } from './upload/UploadLinksPage';

// Loaded on demand so the study list never downloads Cornerstone and its codecs.
export const loadViewerPage = () => import('./viewer/ViewerPage');
const ViewerPage = lazy(loadViewerPage);
// The local viewer is the viewer too, and reads DICOM files itself: on demand as well.
const LocalFilesPage = lazy(() => import('./local/LocalFilesPage'));
// The upload page parses the files it sends in the browser: on demand too.
const UploadPage = lazy(() => import('./upload/UploadPage'));

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
            {/* Signed-in staff, a link recipient (only the shared studies' viewer), or a patient (their own studies). */}
            <Route element={<SessionGate />}>
              <Route path="/" element={<StudyListPage />} />
              <Route path={VIEWER_PATH} element={<ViewerRoute />} />
              <Route path={SHARES_PATH} element={<MySharesPage />} />
              <Route path={PATIENT_PATH} element={<PatientHomeRoute />} />
              <Route path={PATIENT_VIEWER_PATH} element={<ViewerRoute />} />
              <Route path={PATIENT_LINKS_PATH} element={<PatientLinksPage />} />
              <Route path={`${PATIENT_LINKS_PATH}/:id/handout`} element={<PatientHandoutPage />} />
              <Route
                path={UPLOAD_PATH}
                element={
                  <Suspense
                    fallback={
                      <p className="page-status" role="status">
                        Loading…
                      </p>
                    }
                  >
                    <UploadPage />
                  </Suspense>
                }
              />
              <Route path={UPLOAD_LINKS_PATH} element={<UploadLinksPage />} />
              <Route path={INCOMING_PATH} element={<IncomingPage />} />
            </Route>
            {/* Files from this device, read in the browser: no session needed, nothing sent. */}
            <Route
              path={LOCAL_PATH}
              element={
                <Suspense
                  fallback={
                    <p className="page-status" role="status">
                      Loading viewer…
                    </p>
                  }
                >
                  <LocalFilesPage />
                </Suspense>
              }
            />
            <Route path="*" element={<NotFoundPage />} />
          </Routes>
        </BrowserRouter>
      </SessionProvider>
    </DataSourceProvider>
  );
}
