import { Navigate } from 'react-router';
import { useSession } from '../auth/SessionProvider';
import { STUDY_LIST_PATH } from '../routes';
import { PatientHomePage } from './PatientHomePage';

/** `/patient`: a patient's list of their studies; anyone else belongs on the study list. */
export function PatientHomeRoute() {
  const { session } = useSession();
  if (session.kind !== 'patient') return <Navigate to={STUDY_LIST_PATH} replace />;
  return <PatientHomePage patient={session.patient} />;
}
