import { describe, expect, it } from 'vitest';
import { shareRoute } from './shareRoute';

const share = {
  studies: [
    { studyInstanceUID: '1.2.3', seriesInstanceUIDs: ['1.2.3.1'] },
    { studyInstanceUID: '1.2.4', seriesInstanceUIDs: [] },
  ],
};
const home = '/viewer?StudyInstanceUIDs=1.2.3%2C1.2.4';

describe('shareRoute', () => {
  it('allows the viewer for shared studies, one or all', () => {
    expect(shareRoute(share, '/viewer', '?StudyInstanceUIDs=1.2.3,1.2.4')).toEqual({ kind: 'allow' });
    expect(shareRoute(share, '/viewer', '?StudyInstanceUIDs=1.2.4')).toEqual({ kind: 'allow' });
  });

  it('sends the study list, My shares and an empty viewer back to the shared studies', () => {
    for (const [path, search] of [
      ['/', ''],
      ['/shares', ''],
      ['/viewer', ''],
      ['/viewer', '?StudyInstanceUIDs='],
    ]) {
      expect(shareRoute(share, path!, search!)).toEqual({ kind: 'redirect', to: home });
    }
  });

  it('refuses another study, alone or beside a shared one', () => {
    expect(shareRoute(share, '/viewer', '?StudyInstanceUIDs=9.9.9')).toEqual({ kind: 'outOfScope', home });
    expect(shareRoute(share, '/viewer', '?StudyInstanceUIDs=1.2.3,9.9.9')).toEqual({ kind: 'outOfScope', home });
  });
});
