import type { FastifyRequest } from 'fastify';
import { isSameOrigin } from '../security/origin';
import { secretsEqual } from '../security/tokens';
import type { Role } from '../store/users';
import { csrfRefused, forbidden, unauthenticated } from './authErrors';
import type { StaffPrincipal } from './principal';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The staff principal of a request that passed requireStaff. */
export function staffOf(request: FastifyRequest): StaffPrincipal {
  const principal = request.principal;
  if (principal.kind !== 'staff') throw unauthenticated();
  return principal;
}

/** onRequest hook for staff-only contexts: 401 without a session, 403 for share links or the wrong role. */
export function requireStaff(roles?: readonly Role[]) {
  return async (request: FastifyRequest) => {
    const principal = request.principal;
    if (principal.kind === 'share')
      throw forbidden('A share link does not give access to this part of SecondRead', 'SHARE_NOT_ALLOWED');
    if (principal.kind === 'anonymous') throw unauthenticated(principal);
    if (principal.kind !== 'staff') throw forbidden('This part of SecondRead is for staff only', 'STAFF_ONLY');
    if (roles !== undefined && !roles.includes(principal.role))
      throw forbidden(`This needs the ${roles.join(' or ')} role`);
  };
}

/**
 * CSRF: every state-changing request of a staff, patient or upload session must come from this origin and carry
 * the session's token in X-CSRF-Token (from /api/login or /api/me). A cross-site form cannot
 * set that header, and a cross-site fetch cannot read the token.
 */
export async function requireCsrf(request: FastifyRequest) {
  if (SAFE_METHODS.has(request.method)) return;
  if (!isSameOrigin(request)) throw csrfRefused('The request does not come from this site');
  const principal = request.principal;
  // Share sessions have no token (their changes are the reply STOW, checked by origin alone).
  if (principal.kind !== 'staff' && principal.kind !== 'patient' && principal.kind !== 'upload') return;
  const token = request.headers['x-csrf-token'];
  if (typeof token !== 'string' || !secretsEqual(token, principal.session.csrfToken)) {
    throw csrfRefused('Missing or wrong X-CSRF-Token header');
  }
}
