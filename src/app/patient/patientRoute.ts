import { PATIENT_PATH, PATIENT_VIEWER_PATH } from '../routes';

type PatientRoute = { kind: 'allow' } | { kind: 'redirect'; to: string };

/**
 * What a patient may open: their study list, and the viewer for their own studies. Any other
 * address leads back to the list (the gateway refuses other studies' data too, so this is for
 * clarity, not protection).
 */
export function patientRoute(studies: readonly string[], pathname: string, search: string): PatientRoute {
  const home: PatientRoute = { kind: 'redirect', to: PATIENT_PATH };
  if (pathname === PATIENT_PATH) return { kind: 'allow' };
  if (pathname !== PATIENT_VIEWER_PATH) return home;
  const asked = (new URLSearchParams(search).get('StudyInstanceUIDs') ?? '')
    .split(',')
    .map((uid) => uid.trim())
    .filter(Boolean);
  return asked.length > 0 && asked.every((uid) => studies.includes(uid)) ? { kind: 'allow' } : home;
}
