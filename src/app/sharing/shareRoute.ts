import type { ShareSessionInfo } from '../api/authApi';
import { VIEWER_PATH, viewerPath } from '../routes';

type ShareRoute = { kind: 'allow' } | { kind: 'redirect'; to: string } | { kind: 'outOfScope'; home: string };

/**
 * What a link recipient may open: the viewer for the shared studies and nothing else. Any other
 * page leads back to them; another study's address gets a page that says so (the gateway refuses
 * its data too, so this is for clarity, not protection).
 */
export function shareRoute(share: Pick<ShareSessionInfo, 'studies'>, pathname: string, search: string): ShareRoute {
  const shared = share.studies.map((study) => study.studyInstanceUID);
  const home = viewerPath(...shared);
  if (pathname !== VIEWER_PATH) return { kind: 'redirect', to: home };
  const asked = (new URLSearchParams(search).get('StudyInstanceUIDs') ?? '')
    .split(',')
    .map((uid) => uid.trim())
    .filter(Boolean);
  if (asked.length === 0) return { kind: 'redirect', to: home };
  return asked.every((uid) => shared.includes(uid)) ? { kind: 'allow' } : { kind: 'outOfScope', home };
}
