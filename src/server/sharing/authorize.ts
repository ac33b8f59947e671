import type { Principal } from '../auth/principal';
import type { DicomwebRequest, RenderedRequest, RetrieveRequest, SearchRequest } from '../dicomweb/request';
import type { ShareScope } from '../store/shares';
import { ALLOW, deny, type Decision, type SearchDecision } from './decision';
import { scopedSearch } from './scopedSearch';

/**
 * The DICOMweb guard (docs/design.md "The DICOMweb path", step 2): a pure function from who is asking
 * and the parsed request to allow, deny or allow-with-filter. Nothing else in the gateway
 * decides DICOMweb access.
 *
 * - Anonymous: nothing (401, naming the reason when a presented credential was refused).
 * - Staff: admins everything; radiologists everything, STOW-RS only for their reports: the body
 *   is checked after this like a reply, with the study as the scope (sharing/reportSave.ts).
 * - Share: reads inside the share only. Searches are rewritten and filtered to the shared
 *   studies and series; retrieves must name a shared study and (below study level) one of its
 *   shared series; study-level retrieves only when the whole study is shared, except study-level
 *   pictures, which are narrowed to the shared series; whole-instance
 *   retrieval (download) only when allowed; STOW-RS only when the share allows replies, and then
 *   into a shared study only: the body itself is checked after this (sharing/replyUpload.ts).
 * - Patient: the share rule, on the studies of the patient's link (whole studies, no replies).
 * - Upload link: STOW-RS only, into quarantine (quarantine/quarantineScreen.ts); every read is refused.
 */
export function authorize(principal: Principal, request: SearchRequest): SearchDecision;
export function authorize(principal: Principal, request: DicomwebRequest): Decision;
export function authorize(principal: Principal, request: DicomwebRequest): Decision {
  switch (principal.kind) {
    case 'anonymous': {
      const reason = principal.rejected?.reason;
      if (reason !== undefined) return deny(401, reason, 'The credential presented is no longer valid');
      return deny(401, 'UNAUTHENTICATED', 'Sign in or open a share link first');
    }
    case 'staff':
      return ALLOW;
    case 'share':
      return authorizeShare(principal.share.scope, request);
    case 'patient':
      // The session's own studies as a share scope: one scope rule for links of both kinds.
      return authorizeShare(principal.scope, request);
    case 'upload':
      // What arrives goes to quarantine (dicomwebGuard's screen); nothing can be read back.
      if (request.kind === 'store') return ALLOW;
      return deny(403, 'UPLOAD_ONLY', 'An upload link can only send images');
  }
}

function authorizeShare(scope: ShareScope, request: DicomwebRequest): Decision {
  switch (request.kind) {
    case 'store':
      if (!scope.allowReply) return deny(403, 'REPLIES_NOT_ALLOWED', 'This share does not allow replies');
      if (request.study !== undefined && !scope.studies.some((s) => s.study === request.study))
        return deny(403, 'OUT_OF_SCOPE', 'The study is not part of this share');
      return ALLOW;
    case 'search':
      return scopedSearch(scope, request);
    case 'instances':
      if (!scope.allowDownload) return deny(403, 'DOWNLOAD_NOT_ALLOWED', 'This share does not allow downloading');
      return insideScope(scope, request);
    case 'metadata':
    case 'frames':
    case 'bulkdata':
      return insideScope(scope, request);
    case 'rendered':
    case 'thumbnail':
      return scopedPicture(scope, request);
  }
}

/**
 * Rendered and thumbnail like frames at the same level, except that a study-level picture of a
 * series-scoped share is narrowed to the shared series: it then shows only what the share holds.
 */
function scopedPicture(scope: ShareScope, request: RenderedRequest): Decision {
  const shared = scope.studies.find((s) => s.study === request.study);
  if (request.series !== undefined || !scope.seriesScoped || shared === undefined) return insideScope(scope, request);
  return { effect: 'allow-narrowed', request: { ...request, onlySeries: [...shared.series] } };
}

function insideScope(scope: ShareScope, request: RetrieveRequest): Decision {
  const shared = scope.studies.find((s) => s.study === request.study);
  if (shared === undefined) return deny(403, 'OUT_OF_SCOPE', 'The study is not part of this share');
  if (request.series === undefined) {
    // A study-level answer would include series the sender left out.
    if (scope.seriesScoped) return deny(403, 'OUT_OF_SCOPE', 'Only some series of this study are shared');
    return ALLOW;
  }
  if (!shared.series.includes(request.series)) return deny(403, 'OUT_OF_SCOPE', 'The series is not part of this share');
  return ALLOW;
}
