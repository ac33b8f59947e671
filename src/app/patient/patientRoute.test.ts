import { describe, expect, it } from 'vitest';
import { patientRoute } from './patientRoute';

const mine = ['1.2.3', '1.2.4'];
const home = { kind: 'redirect', to: '/patient' };

describe('patientRoute', () => {
  it('allows the list and the viewer for their own studies', () => {
    expect(patientRoute(mine, '/patient', '')).toEqual({ kind: 'allow' });
    expect(patientRoute(mine, '/patient/viewer', '?StudyInstanceUIDs=1.2.3')).toEqual({ kind: 'allow' });
    expect(patientRoute(mine, '/patient/viewer', '?StudyInstanceUIDs=1.2.4,%201.2.3')).toEqual({ kind: 'allow' });
  });

  it('leads everything else back to the list', () => {
    expect(patientRoute(mine, '/patient/viewer', '?StudyInstanceUIDs=1.2.3,9.9')).toEqual(home);
    expect(patientRoute(mine, '/patient/viewer', '?StudyInstanceUIDs=1.2')).toEqual(home);
    expect(patientRoute(mine, '/patient/viewer', '')).toEqual(home);
    expect(patientRoute(mine, '/viewer', '?StudyInstanceUIDs=1.2.3')).toEqual(home);
    expect(patientRoute(mine, '/', '')).toEqual(home);
    expect(patientRoute(mine, '/patient-links', '')).toEqual(home);
    expect(patientRoute([], '/patient/viewer', '?StudyInstanceUIDs=1.2.3')).toEqual(home);
  });
});
