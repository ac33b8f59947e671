import { Navigate, Outlet, useLocation } from 'react-router';
import { useDataSource } from '../DataSourceProvider';
import { PatientEndedPage } from '../patient/PatientEndedPage';
import { PatientView } from '../patient/PatientView';
import { SharedView } from '../sharing/SharedView';
import { ShareEndedPage } from '../sharing/ShareEndedPage';
import { UploadEndedPage } from '../upload/UploadEndedPage';
import { UPLOAD_PATH } from '../routes';
import { loginPath } from './returnPath';
import { useSession } from './SessionProvider';

/**
 * The routes' gate (a layout route): staff see the app, link recipients only the shared studies,
 * patients only their own studies, everyone else the sign-in page, which brings them back here. Direct mode reads another DICOMweb
 * server with its own credentials, so it needs no sign-in to the gateway.
 */
export function SessionGate() {
  const { session, recheck } = useSession();
  const { direct } = useDataSource();
  const location = useLocation();
  switch (session.kind) {
    case 'checking':
      return (
        <p className="page-status" role="status">
          Checking sign-in…
        </p>
      );
    case 'staff':
      return <Outlet />;
    case 'share':
      return <SharedView share={session.share} />;
    case 'shareEnded':
      return <ShareEndedPage reason={session.reason} share={session.share} />;
    case 'patient':
      return <PatientView patient={session.patient} />;
    case 'patientEnded':
      return <PatientEndedPage reason={session.reason} />;
    case 'upload':
      // An upload link opens one page: sending images. It reads nothing from the archive.
      return location.pathname === UPLOAD_PATH ? <Outlet /> : <Navigate to={UPLOAD_PATH} replace />;
    case 'uploadEnded':
      return <UploadEndedPage />;
    case 'anonymous':
      return direct ? <Outlet /> : <Navigate to={loginPath(location)} replace />;
    case 'unreachable':
      return direct ? (
        <Outlet />
      ) : (
        <main className="page-message" role="alert">
          <h1>SecondRead server not answering</h1>
          <p>{session.error.message}</p>
          <button type="button" className="button button-primary" onClick={recheck}>
            Retry
          </button>
        </main>
      );
  }
}
