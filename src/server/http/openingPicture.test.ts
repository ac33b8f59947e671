import { describe, expect, it } from 'vitest';
import type { ProbeAnswer } from '../../api/bootstrap';
import { openingPictureMarkup, studyToOpen } from './openingPicture';

const probe = (path: ProbeAnswer['path'], status: number): ProbeAnswer => ({ path, status, body: {} });
const STAFF = [probe('/api/me', 200)];
const SHARE = [
  probe('/api/me', 401),
  { path: '/api/share-session' as const, status: 200, body: { studies: [{ studyInstanceUID: '1.2.3' }] } },
];

describe('studyToOpen', () => {
  it('is the first study of a viewer URL, for a session that reads studies', () => {
    expect(studyToOpen('/viewer?StudyInstanceUIDs=1.2.3,1.2.4', STAFF)).toBe('1.2.3');
    expect(studyToOpen('/viewer?StudyInstanceUIDs=%201.2.3', SHARE)).toBe('1.2.3');
    const patient = [{ path: '/api/patient-session' as const, status: 200, body: { studies: ['1.2.3'] } }];
    expect(studyToOpen('/patient/viewer?StudyInstanceUIDs=1.2.3', patient)).toBe('1.2.3');
  });

  it('is none without a reading session, off the viewer, or for what is not a UID', () => {
    const nobody = [probe('/api/me', 401), probe('/api/share-session', 401)];
    expect(studyToOpen('/viewer?StudyInstanceUIDs=1.2.3', nobody)).toBeUndefined();
    expect(studyToOpen('/viewer?StudyInstanceUIDs=1.2.3', [probe('/api/upload-session', 200)])).toBeUndefined();
    expect(studyToOpen('/viewer?StudyInstanceUIDs=1.2.3', [])).toBeUndefined();
    expect(studyToOpen('/shares?StudyInstanceUIDs=1.2.3', STAFF)).toBeUndefined();
    expect(studyToOpen('/viewer/extra?StudyInstanceUIDs=1.2.3', STAFF)).toBeUndefined();
    expect(studyToOpen('/viewer', STAFF)).toBeUndefined();
    expect(studyToOpen('/viewer?StudyInstanceUIDs="><script>', STAFF)).toBeUndefined();
    expect(studyToOpen('/viewer?StudyInstanceUIDs=1.2.3,junk', STAFF)).toBeUndefined();
  });

  it('is none where a link’s session may not read every study the URL names', () => {
    const share = [
      probe('/api/me', 401),
      { path: '/api/share-session' as const, status: 200, body: { studies: [{ studyInstanceUID: '1.2.3' }] } },
    ];
    expect(studyToOpen('/viewer?StudyInstanceUIDs=1.2.3', share)).toBe('1.2.3');
    expect(studyToOpen('/viewer?StudyInstanceUIDs=1.2.3,1.2.4', share)).toBeUndefined();
    expect(studyToOpen('/viewer?StudyInstanceUIDs=1.2.4', share)).toBeUndefined();
  });
});

describe('openingPictureMarkup', () => {
  const picture = { studyInstanceUID: '1.2', seriesInstanceUID: '1.2.3', pixelAspect: 1 };

  it('sizes the picture whole inside the window at the pixels’ true proportions', () => {
    const markup = openingPictureMarkup({
      picture: { ...picture, pixelAspect: 0.5 },
      url: '/x',
      width: 400,
      height: 100,
    });
    // 400 columns of half-width pixels show as 200 × 100: a ratio of 2.
    expect(markup).toContain('style="width:min(100dvw,calc(100dvh*2.0000));height:min(100dvh,calc(100dvw/2.0000))"');
  });

  it('escapes its URL as an attribute value', () => {
    const markup = openingPictureMarkup({ picture, url: '/a?b=1&c="d"<e>', width: 1, height: 1 });
    expect(markup).toContain('src="/a?b=1&amp;c=&quot;d&quot;&lt;e&gt;"');
  });
});
