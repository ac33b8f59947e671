import type { ResultFilter } from '../dicomweb/guard';
import type { RenderedRequest, SearchRequest } from '../dicomweb/request';

/** What the guard says about one parsed DICOMweb request. */
export type Decision =
  | { effect: 'allow' }
  | { effect: 'deny'; status: 401 | 403; code: DenyCode; reason: string }
  /**
   * A search narrowed to the share: run `search` (filters rewritten to the shared UIDs) and pass
   * every result through `filter`. `search` is null when nothing in scope can match, so the
   * answer is an empty list without asking the backend.
   */
  | { effect: 'allow-with-filter'; search: SearchRequest | null; filter: ResultFilter }
  /** A study-level picture narrowed to the shared series: hand the backend `request` instead. */
  | { effect: 'allow-narrowed'; request: RenderedRequest };

/** What the guard says about a search: never narrowed, which is for pictures. */
export type SearchDecision = Exclude<Decision, { effect: 'allow-narrowed' }>;

export type DenyCode =
  | 'UNAUTHENTICATED'
  | 'SESSION_EXPIRED'
  | 'SHARE_EXPIRED'
  | 'SHARE_REVOKED'
  | 'OUT_OF_SCOPE'
  | 'DOWNLOAD_NOT_ALLOWED'
  | 'REPLIES_NOT_ALLOWED'
  | 'LINK_EXPIRED'
  | 'LINK_REVOKED'
  | 'UPLOAD_ONLY';

export const deny = (status: 401 | 403, code: DenyCode, reason: string): Decision => ({
  effect: 'deny',
  status,
  code,
  reason,
});
export const ALLOW: Decision = { effect: 'allow' };
