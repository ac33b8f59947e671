import { describe, expect, it } from 'vitest';
import type { ProbeAnswer } from './bootstrap';
import { studiesToStartEarly, viewerStudies } from './launchStudies';

const A = '1.2.3.4';
const B = '1.2.3.5';
const viewer = (...uids: string[]) => ({ pathname: '/viewer', search: `?StudyInstanceUIDs=${uids.join(',')}` });
const staff: ProbeAnswer = { path: '/api/me', status: 200, body: { username: 'x' } };
const noStaff: ProbeAnswer = { path: '/api/me', status: 401, body: { error: 'UNAUTHENTICATED', message: '' } };
const share: ProbeAnswer = {
  path: '/api/share-session',
  status: 200,
  body: { studies: [{ studyInstanceUID: A, seriesInstanceUIDs: [] }] },
};
const patient: ProbeAnswer = { path: '/api/patient-session', status: 200, body: { studies: [B] } };
const upload: ProbeAnswer = { path: '/api/upload-session', status: 200, body: {} };

describe('viewerStudies', () => {
  it('reads the launch URL as the viewer does', () => {
    expect(viewerStudies(`?StudyInstanceUIDs=${A}, ${B},`)).toEqual([A, B]);
    expect(viewerStudies('?StudyInstanceUIDs=')).toEqual([]);
    expect(viewerStudies(`?StudyInstanceUIDs=${A},not-a-uid`)).toEqual([]);
  });
});

describe('studiesToStartEarly', () => {
  it('starts a staff member’s studies', () => {
    expect(studiesToStartEarly(viewer(A, B), [staff])).toEqual([A, B]);
    expect(studiesToStartEarly({ ...viewer(A), pathname: '/patient/viewer' }, [staff])).toEqual([A]);
  });

  it('starts only studies a link or a patient session may read', () => {
    expect(studiesToStartEarly(viewer(A), [noStaff, share])).toEqual([A]);
    expect(studiesToStartEarly(viewer(A, B), [noStaff, share])).toEqual([]);
    expect(studiesToStartEarly(viewer(B), [noStaff, { ...share, status: 401 }, patient])).toEqual([B]);
    expect(studiesToStartEarly(viewer(A), [noStaff, { ...share, status: 401 }, patient])).toEqual([]);
  });

  it('starts nothing without a session, for an upload link, or off the viewer', () => {
    expect(studiesToStartEarly(viewer(A), [noStaff])).toEqual([]);
    expect(studiesToStartEarly(viewer(A), [])).toEqual([]);
    expect(studiesToStartEarly(viewer(A), [noStaff, upload])).toEqual([]);
    expect(studiesToStartEarly({ pathname: '/', search: viewer(A).search }, [staff])).toEqual([]);
  });
});
