import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Session cookies: HttpOnly, Path=/, SameSite=Strict, Secure over https (direct TLS, or a
 * trusted proxy saying https), where the `__Host-` prefix also pins them to this host.
 *
 * Strict works for share links too, though they arrive from e-mail: browsers store a cookie set
 * by a cross-site top-level navigation; they only withhold it on such navigations. The landing
 * page, the passcode form and index.html need no cookie, and the viewer's own fetches are
 * same-site, so they carry it. Lax would add nothing but cross-site GETs with the cookie.
 */
type CookieKind = 'session' | 'share' | 'patient' | 'upload';

const BASE_NAMES: Record<CookieKind, string> = {
  session: 'sr_session',
  share: 'sr_share',
  patient: 'sr_patient',
  upload: 'sr_upload',
};

const isSecureRequest = (request: FastifyRequest) => request.protocol === 'https';

function cookieName(kind: CookieKind, request: FastifyRequest): string {
  return isSecureRequest(request) ? `__Host-${BASE_NAMES[kind]}` : BASE_NAMES[kind];
}

export function readCookie(kind: CookieKind, request: FastifyRequest): string | undefined {
  const value = request.cookies[cookieName(kind, request)];
  return value === undefined || value === '' ? undefined : value;
}

export function setCookie(
  kind: CookieKind,
  request: FastifyRequest,
  reply: FastifyReply,
  value: string,
  expiresAt: number,
) {
  reply.setCookie(cookieName(kind, request), value, {
    httpOnly: true,
    sameSite: 'strict',
    secure: isSecureRequest(request),
    path: '/',
    expires: new Date(expiresAt),
  });
}

export function clearCookie(kind: CookieKind, request: FastifyRequest, reply: FastifyReply) {
  reply.clearCookie(cookieName(kind, request), {
    httpOnly: true,
    sameSite: 'strict',
    secure: isSecureRequest(request),
    path: '/',
  });
}
