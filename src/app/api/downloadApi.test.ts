import { describe, expect, it } from 'vitest';
import type { PatientSessionInfo, ShareSessionInfo, StaffSession } from './authApi';
import { downloadLinks, mayDownload } from './downloadApi';

const share = (allowDownload: boolean) => ({ kind: 'share', share: { allowDownload } as ShareSessionInfo }) as const;
const staff = { kind: 'staff', staff: {} as StaffSession } as const;

describe('downloads on offer', () => {
  it('offers staff one zip per study', () => {
    expect(mayDownload(staff)).toBe(true);
    expect(downloadLinks(staff, ['1.2.3', '4.5'])).toEqual([
      { href: '/api/studies/1.2.3/download', label: 'Study 1 (DICOM zip)' },
      { href: '/api/studies/4.5/download', label: 'Study 2 (DICOM zip)' },
    ]);
  });

  it('offers a recipient the share zip only when the share allows it', () => {
    expect(downloadLinks(share(true), ['1.2.3'])).toEqual([
      { href: '/api/share-session/download', label: 'Shared images (DICOM zip)' },
    ]);
    expect(mayDownload(share(false))).toBe(false);
    expect(downloadLinks(share(false), ['1.2.3'])).toEqual([]);
  });

  it('offers a patient one zip per study only when the link allows it', () => {
    const patient = (allowDownload: boolean) =>
      ({ kind: 'patient', patient: { allowDownload } as PatientSessionInfo }) as const;
    expect(downloadLinks(patient(true), ['1.2.3'])).toEqual([
      { href: '/api/studies/1.2.3/download', label: 'Study (DICOM zip)' },
    ]);
    expect(mayDownload(patient(false))).toBe(false);
    expect(downloadLinks(patient(false), ['1.2.3'])).toEqual([]);
  });

  it('offers nothing without a session', () => {
    expect(mayDownload({ kind: 'anonymous', ended: false })).toBe(false);
    expect(downloadLinks({ kind: 'checking' }, ['1.2.3'])).toEqual([]);
  });
});
