import { describe, expect, it } from 'vitest';
import { KEY_OBJECT_TITLES } from '../../../dicom/sr/codes';
import type { ShareSessionInfo, StaffSession } from '../../api/authApi';
import { DEFAULT_CONSULTANT, draftKey, replyMode } from './replyMode';

const SHARE: ShareSessionInfo = {
  shareId: 'share-1',
  senderName: 'Dr House',
  label: 'Dr Wilson, oncology',
  message: '  Is this a tumour?  ',
  institution: undefined,
  expiresAt: 0,
  sessionExpiresAt: 0,
  studies: [],
  seriesScoped: false,
  allowDownload: false,
  allowReply: true,
};

const STAFF: StaffSession = {
  user: { id: 'user-7', username: 'cuddy', displayName: 'Dr Lisa Cuddy', role: 'radiologist' },
  csrfToken: 'csrf',
  expiresAt: 0,
  idleTimeoutSeconds: 900,
};

describe('replyMode', () => {
  it('lets a recipient reply as the link label, for the referring provider, under the sender question', () => {
    expect(replyMode({ kind: 'share', share: SHARE }, false)).toEqual({
      kind: 'reply',
      observer: 'Dr Wilson, oncology',
      keyObjectTitle: KEY_OBJECT_TITLES.forReferringProvider,
      draftOwner: 'share-1',
      question: 'Is this a tumour?',
      senderName: 'Dr House',
    });
  });

  it('names an unlabelled recipient "Consultant" and leaves out an empty question', () => {
    const mode = replyMode({ kind: 'share', share: { ...SHARE, label: '  ', message: ' ' } }, false);
    expect(mode).toMatchObject({ kind: 'reply', observer: DEFAULT_CONSULTANT, question: undefined });
  });

  it('gives a recipient without reply permission the question but nothing to send', () => {
    expect(replyMode({ kind: 'share', share: { ...SHARE, allowReply: false } }, false)).toEqual({
      kind: 'none',
      draftOwner: 'share-1',
      question: 'Is this a tumour?',
      senderName: 'Dr House',
    });
  });

  it('lets staff save under their display name, their drafts keyed by their user id', () => {
    expect(replyMode({ kind: 'staff', staff: STAFF }, false)).toEqual({
      kind: 'save',
      observer: 'Dr Lisa Cuddy',
      keyObjectTitle: KEY_OBJECT_TITLES.ofInterest,
      draftOwner: 'user-7',
    });
  });

  it('stores nothing into a server that is not the gateway, nor for an anonymous reader', () => {
    expect(replyMode({ kind: 'staff', staff: STAFF }, true)).toEqual({ kind: 'none' });
    expect(replyMode({ kind: 'anonymous', ended: false }, true)).toEqual({ kind: 'none' });
  });
});

describe('draftKey', () => {
  it('keys a draft by reader and studies', () => {
    expect(draftKey('share-1', ['1.2.3', '1.2.4'])).toBe('secondread-draft:share-1:1.2.3,1.2.4');
    expect(draftKey('user-7', ['1.2.3'])).not.toBe(draftKey('share-1', ['1.2.3']));
  });
});
