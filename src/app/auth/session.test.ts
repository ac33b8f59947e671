import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/apiClient';
import type { ShareSessionInfo, StaffSession } from '../api/authApi';
import { resolveSession, type Outcome, type Session } from './session';

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
