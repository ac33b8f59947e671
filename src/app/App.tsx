import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { BrowserRouter, Route, Routes, useLocation } from 'react-router';
import { startFirstPreview } from '../viewer/firstPreview';
import { warmUp } from '../viewer/studyRequests';
import { LoginPage } from './auth/LoginPage';
import { SessionGate } from './auth/SessionGate';
import { SessionProvider } from './auth/SessionProvider';
import type { DataSource } from './dataSource';
import { DataSourceProvider, useDataSource } from './DataSourceProvider';
import { isViewerPath, viewerStudies } from '../api/launchStudies';
import { NotFoundPage } from './NotFoundPage';
import { dismissOpeningPicture } from './openingPicture';
import { PatientHomeRoute } from './patient/PatientHomeRoute';
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
import { StudyListPage } from './studyList/StudyListPage';

// Loaded on demand so the study list never downloads Cornerstone and its codecs.
export const loadViewerPage = () => import('./viewer/ViewerPage');
const ViewerPage = lazy(loadViewerPage);
// The local viewer is the viewer too, and reads DICOM files itself: on demand as well.
const LocalFilesPage = lazy(() => import('./local/LocalFilesPage'));
// The upload page parses the files it sends in the browser: on demand too.
const UploadPage = lazy(() => import('./upload/UploadPage'));
// Staff's management pages: a launch into the viewer (a remote reader's first image) never waits for them.
const MySharesPage = lazy(() => import('./sharing/MySharesPage').then((module) => ({ default: module.MySharesPage })));
const PatientLinksPage = lazy(() =>
  import('./patientLinks/PatientLinksPage').then((module) => ({ default: module.PatientLinksPage })),
);
const PatientHandoutPage = lazy(() =>
  import('./patientLinks/PatientHandoutPage').then((module) => ({ default: module.PatientHandoutPage })),
);
const UploadLinksPage = lazy(() =>
  import('./upload/UploadLinksPage').then((module) => ({ default: module.UploadLinksPage })),
);
const IncomingPage = lazy(() => import('./incoming/IncomingPage').then((module) => ({ default: module.IncomingPage })));

/** A page loaded on demand, with the words shown while it loads. */
function Later({ children }: { children: ReactNode }) {
  return (
    <Suspense
      fallback={
        <p className="page-status" role="status">
          Loading…
        </p>
      }
    >
      {children}
    </Suspense>
  );
}

/** The viewer route: its first DICOMweb requests start here, while the viewer's code still downloads. */
function ViewerRoute() {
  const { client, direct } = useDataSource();
  const { search } = useLocation();
  useEffect(() => {
    // A no-op when the entry chunk started the same requests already (main.tsx).
    const uids = viewerStudies(search);
    if (uids.length > 0) warmUp(client, uids);
    // Other servers' rendered resources are unknown: a direct-mode viewer waits for its own image.
    if (uids[0] && !direct) startFirstPreview(client, uids[0]);
  }, [client, direct, search]);
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

/** The page's opening picture (openingPicture.ts) is the viewer's to take over; any other page removes it at once. */
function OpeningPictureOffTheViewer() {
  const { pathname } = useLocation();
  useEffect(() => {
    if (!isViewerPath(pathname)) dismissOpeningPicture();
  }, [pathname]);
  return null;
}

export function App({ dataSource }: { dataSource: DataSource }) {
  return (
    <DataSourceProvider value={dataSource}>
      <SessionProvider>
        <BrowserRouter>
          <OpeningPictureOffTheViewer />
          <Routes>
            <Route path={LOGIN_PATH} element={<LoginPage />} />
            {/* Signed-in staff, a link recipient (only the shared studies' viewer), or a patient (their own studies). */}
            <Route element={<SessionGate />}>
              <Route path="/" element={<StudyListPage />} />
              <Route path={VIEWER_PATH} element={<ViewerRoute />} />
              <Route
                path={SHARES_PATH}
                element={
                  <Later>
                    <MySharesPage />
                  </Later>
                }
              />
              <Route path={PATIENT_PATH} element={<PatientHomeRoute />} />
              <Route path={PATIENT_VIEWER_PATH} element={<ViewerRoute />} />
              <Route
                path={PATIENT_LINKS_PATH}
                element={
                  <Later>
                    <PatientLinksPage />
                  </Later>
                }
              />
              <Route
                path={`${PATIENT_LINKS_PATH}/:id/handout`}
                element={
                  <Later>
                    <PatientHandoutPage />
                  </Later>
                }
              />
              <Route
                path={UPLOAD_PATH}
                element={
                  <Later>
                    <UploadPage />
                  </Later>
                }
              />
              <Route
                path={UPLOAD_LINKS_PATH}
                element={
                  <Later>
                    <UploadLinksPage />
                  </Later>
                }
              />
              <Route
                path={INCOMING_PATH}
                element={
                  <Later>
                    <IncomingPage />
                  </Later>
                }
              />
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
