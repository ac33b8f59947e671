import { KEY_OBJECT_TITLES, type SrCode } from '../../../dicom/sr/codes';
import type { Session } from '../../auth/session';

/**
 * What the reader of an open study may store back into it: a link recipient's reply (when the
 * share allows one), a radiologist's or admin's Save, or nothing. `draftOwner` scopes the
 * browser-kept draft to this share or this staff member, so two readers on one machine never
 * see each other's drafts.
 */
export type ReplyMode =
  | {
      readonly kind: 'reply';
      readonly observer: string;
      readonly keyObjectTitle: SrCode;
      readonly draftOwner: string;
      readonly question?: string;
      readonly senderName: string;
    }
  | { readonly kind: 'save'; readonly observer: string; readonly keyObjectTitle: SrCode; readonly draftOwner: string }
  | { readonly kind: 'none'; readonly draftOwner?: string; readonly question?: string; readonly senderName?: string };

/** The observer a reply names when the sender gave the link no recipient label. */
export const DEFAULT_CONSULTANT = 'Consultant';

/** `direct`: the studies come from another DICOMweb server, which is not the gateway's to store into. */
export function replyMode(session: Session, direct: boolean): ReplyMode {
  if (session.kind === 'share') {
    const { share } = session;
    const question = share.message?.trim() || undefined;
    if (!share.allowReply) return { kind: 'none', draftOwner: share.shareId, question, senderName: share.senderName };
    return {
      kind: 'reply',
      observer: share.label?.trim() || DEFAULT_CONSULTANT,
      keyObjectTitle: KEY_OBJECT_TITLES.forReferringProvider,
      draftOwner: share.shareId,
      question,
      senderName: share.senderName,
    };
  }
  if (session.kind === 'staff' && !direct) {
    const { user } = session.staff;
    return {
      kind: 'save',
      observer: user.displayName,
      keyObjectTitle: KEY_OBJECT_TITLES.ofInterest,
      draftOwner: user.id,
    };
  }
  return { kind: 'none' };
}

/** The browser storage key of a draft: one per reader and set of studies. */
export function draftKey(owner: string, studyInstanceUIDs: readonly string[]): string {
  return `secondread-draft:${owner}:${studyInstanceUIDs.join(',')}`;
}
