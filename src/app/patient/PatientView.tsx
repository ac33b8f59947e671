import { Navigate, Outlet, useLocation } from 'react-router';
import type { PatientSessionInfo } from '../api/authApi';
import { useSession } from '../auth/SessionProvider';
import { formatDate } from './formatDate';
import { patientRoute } from './patientRoute';
import '../sharing/sharing.css';
import './patient.css';

/**
 * A patient's whole app: a banner saying whose images these are and until when, their study list
 * and the viewer for their own studies. No staff pages, no other patient's anything.
 */
export function PatientView({ patient }: { patient: PatientSessionInfo }) {
  const location = useLocation();
  const { leavePatient } = useSession();
  const route = patientRoute(patient.studies, location.pathname, location.search);
  if (route.kind === 'redirect') return <Navigate to={route.to} replace />;
  return (
    <div className="shared-frame patient-frame">
      <p className="share-banner patient-banner" role="status" aria-label="Your images">
        <span>
          Your images{patient.institution && ` from ${patient.institution}`} · link ends {formatDate(patient.expiresAt)}
        </span>
        <button type="button" className="patient-leave" onClick={leavePatient}>
          Leave
        </button>
      </p>
      <Outlet />
    </div>
  );
}
