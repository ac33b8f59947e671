import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/apiClient';
import type { PatientSessionInfo, ShareSessionInfo, StaffSession, UploadSessionInfo } from '../api/authApi';
import { resolvePatient, resolveSession, resolveUpload, type Outcome, type Session } from './session';

const staff: StaffSession = {
  user: { id: 'u1', username: 'house', displayName: 'Dr House', role: 'radiologist' },
  csrfToken: 't',
  expiresAt: 0,
  idleTimeoutSeconds: 1800,
};
const share: ShareSessionInfo = {
  shareId: 's1',
  senderName: 'Dr House',
  institution: 'St Elsewhere',
  label: undefined,
  message: 'Query metastasis?',
  expiresAt: Date.parse('2030-01-01T00:00:00Z'),
  sessionExpiresAt: 0,
  studies: [{ studyInstanceUID: '1.2.3', seriesInstanceUIDs: ['1.2.3.4'] }],
  seriesScoped: false,
  allowDownload: false,
  allowReply: false,
};

const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
const refused = (status: number, code: string): Outcome<never> => ({
  ok: false,
  error: new ApiError(status, code, code),
});
const checking: Session = { kind: 'checking' };

describe('resolveSession', () => {
  it('a staff session wins over a share session', () => {
    expect(resolveSession(ok(staff), ok(share), checking)).toEqual({ kind: 'staff', staff });
    expect(resolveSession(refused(401, 'UNAUTHENTICATED'), ok(share), checking)).toEqual({ kind: 'share', share });
  });

  it('nobody signed in is anonymous; a staff session that ended says so', () => {
    const none = refused(401, 'UNAUTHENTICATED');
    expect(resolveSession(none, none, checking)).toEqual({ kind: 'anonymous', ended: false });
    expect(resolveSession(none, none, { kind: 'staff', staff })).toEqual({ kind: 'anonymous', ended: true });
    expect(resolveSession(none, none, { kind: 'anonymous', ended: true })).toEqual({ kind: 'anonymous', ended: true });
    const expired = refused(401, 'SESSION_EXPIRED');
    expect(resolveSession(expired, expired, checking)).toEqual({ kind: 'anonymous', ended: true });
  });

  it('a revoked or expired link ends the share, keeping what the recipient knew', () => {
    const previous: Session = { kind: 'share', share };
    expect(resolveSession(refused(401, 'SHARE_REVOKED'), refused(401, 'SHARE_REVOKED'), previous)).toEqual({
      kind: 'shareEnded',
      reason: 'revoked',
      share,
    });
    expect(resolveSession(refused(401, 'SHARE_EXPIRED'), refused(401, 'SHARE_EXPIRED'), previous)).toEqual({
      kind: 'shareEnded',
      reason: 'expired',
      share,
    });
    // Opening the app again later with a dead link cookie: no details, still the right words.
    expect(resolveSession(refused(401, 'SHARE_REVOKED'), refused(401, 'SHARE_REVOKED'), checking)).toEqual({
      kind: 'shareEnded',
      reason: 'revoked',
      share: undefined,
    });
  });

  it('a recipient whose viewing session ran out is not sent to a sign-in page', () => {
    const expired = refused(401, 'SESSION_EXPIRED');
    expect(resolveSession(expired, expired, { kind: 'share', share })).toEqual({
      kind: 'shareEnded',
      reason: 'sessionEnded',
      share,
    });
  });

  it('a link that expires while open ends as expired, whatever the share session said before', () => {
    const expired = refused(401, 'SHARE_EXPIRED');
    const ended = resolveSession(refused(401, 'UNAUTHENTICATED'), expired, { kind: 'share', share });
    expect(ended).toEqual({ kind: 'shareEnded', reason: 'expired', share });
    // The browser drops the cookie at the expiry (its Max-Age), so the gateway may not say why.
    const none = refused(401, 'UNAUTHENTICATED');
    expect(resolveSession(none, none, { kind: 'share', share }, undefined, share.expiresAt)).toEqual({
      kind: 'shareEnded',
      reason: 'expired',
      share,
    });
    expect(resolveSession(none, none, { kind: 'share', share }, undefined, share.expiresAt - 1)).toEqual({
      kind: 'shareEnded',
      reason: 'sessionEnded',
      share,
    });
  });

  it('a later visit without the cookie shows how the remembered link ended, not the sign-in page', () => {
    const none = refused(401, 'UNAUTHENTICATED');
    const remembered = {
      reason: 'expired' as const,
      share: { shareId: 's1', senderName: 'Dr House', institution: undefined, expiresAt: share.expiresAt },
    };
    expect(resolveSession(none, none, checking, remembered)).toEqual({ kind: 'shareEnded', ...remembered });
    // A dead cookie still says why; the remembered link gives the page its sender and date.
    expect(resolveSession(none, refused(401, 'SHARE_REVOKED'), checking, remembered)).toEqual({
      kind: 'shareEnded',
      reason: 'revoked',
      share: remembered.share,
    });
    // Staff who signed out are staff: the sign-in page, not a recipient's page.
    expect(resolveSession(none, none, { kind: 'staff', staff }, remembered)).toEqual({
      kind: 'anonymous',
      ended: true,
    });
    // A working staff or share session wins over the memory.
    expect(resolveSession(ok(staff), none, checking, remembered)).toEqual({ kind: 'staff', staff });
    expect(resolveSession(none, ok(share), checking, remembered)).toEqual({ kind: 'share', share });
  });

  it('a network failure keeps the session it had, and is reported at start', () => {
    const down = refused(0, 'SERVER_UNREACHABLE');
    expect(resolveSession(down, down, { kind: 'share', share })).toEqual({ kind: 'share', share });
    expect(resolveSession(down, down, { kind: 'staff', staff })).toEqual({ kind: 'staff', staff });
    expect(resolveSession(refused(502, 'HTTP_502'), down, checking)).toMatchObject({ kind: 'unreachable' });
  });
});

describe('resolvePatient', () => {
  const patient: PatientSessionInfo = {
    linkId: 'p1',
    patientName: 'Doe^Jane',
    expiresAt: Date.parse('2030-01-01T00:00:00Z'),
    sessionExpiresAt: Date.parse('2029-12-01T00:00:00Z'),
    allowDownload: true,
    institution: undefined,
    csrfToken: 't',
    studies: ['1.2.3'],
  };
  const none = refused(401, 'UNAUTHENTICATED');
  const open: Session = { kind: 'patient', patient };

  it('a patient session is the patient; a browser that never had one is not decided here', () => {
    expect(resolvePatient(ok(patient), checking)).toEqual(open);
    expect(resolvePatient(none, checking)).toBeUndefined();
    expect(resolvePatient(none, { kind: 'staff', staff })).toBeUndefined();
  });

  it('a revoked or expired link says so, even on a fresh start', () => {
    expect(resolvePatient(refused(401, 'LINK_REVOKED'), checking)).toEqual({ kind: 'patientEnded', reason: 'revoked' });
    expect(resolvePatient(refused(410, 'LINK_EXPIRED'), open)).toEqual({ kind: 'patientEnded', reason: 'expired' });
  });

  it('a cookie that went ends the session: expired after the link end, else the viewing session ended', () => {
    expect(resolvePatient(none, open, Date.parse('2029-06-01T00:00:00Z'))).toEqual({
      kind: 'patientEnded',
      reason: 'sessionEnded',
    });
    expect(resolvePatient(none, open, Date.parse('2030-06-01T00:00:00Z'))).toEqual({
      kind: 'patientEnded',
      reason: 'expired',
    });
    const ended: Session = { kind: 'patientEnded', reason: 'revoked' };
    expect(resolvePatient(none, ended)).toBe(ended);
  });

  it('a network failure keeps the patient where they were', () => {
    expect(resolvePatient(refused(0, 'SERVER_UNREACHABLE'), open)).toBe(open);
    expect(resolvePatient(refused(502, 'HTTP_502'), open)).toBe(open);
  });
});

describe('resolveUpload', () => {
  const upload: UploadSessionInfo = {
    linkId: 'l1',
    label: 'CD from Mrs Smith',
    institution: undefined,
    expiresAt: Date.parse('2030-01-01T00:00:00Z'),
    csrfToken: 'c',
  };
  const sending: Session = { kind: 'upload', upload };

  it('an upload session is a sender; a browser that never had one is not decided here', () => {
    expect(resolveUpload(ok(upload), checking)).toEqual(sending);
    expect(resolveUpload(refused(401, 'UNAUTHENTICATED'), checking)).toBeUndefined();
  });

  it('a revoked or expired link, or a cookie gone while sending, ends it', () => {
    expect(resolveUpload(refused(410, 'LINK_REVOKED'), checking)).toEqual({ kind: 'uploadEnded' });
    expect(resolveUpload(refused(410, 'LINK_EXPIRED'), checking)).toEqual({ kind: 'uploadEnded' });
    expect(resolveUpload(refused(401, 'UNAUTHENTICATED'), sending)).toEqual({ kind: 'uploadEnded' });
  });

  it('a network failure keeps the sender where they were', () => {
    expect(resolveUpload(refused(0, 'SERVER_UNREACHABLE'), sending)).toBe(sending);
  });
});
