import type { FastifyInstance } from 'fastify';
import { UploadSessionInfo } from '../../api/uploads';
import { countUnknownCredential } from '../audit/refusalAudit';
import { noSessionOf } from '../auth/authErrors';
import { errorSchema } from '../auth/authSchemas';
import { HttpError } from '../errors';
import { clearCookie, setCookie } from '../security/cookies';
import { isSameOrigin } from '../security/origin';
import { looksLikeToken, randomToken, sha256Hex } from '../security/tokens';
import { expiredUploadLinkPage, revokedUploadLinkPage, unknownUploadLinkPage } from './uploadLinkPages';
import { refuseLink, tokenParams } from '../security/linkAnswers';

interface UploadLinkOptions {
  /** How long one opening lets the uploader send (capped by the link's expiry): SHARE_SESSION_SECONDS. */
  sessionMs: number;
  institutionName: string | undefined;
}

/** Where the SPA's upload page lives (src/app/routes.ts UPLOAD_PATH). */
const UPLOAD_PAGE = '/upload';

/**
 * What the holder of an upload link reaches: /u/<token>, which starts an upload session and
 * sends the browser to the upload page (the token never reaches the SPA's address), and the
 * session's info for that page. A context of its own, with no staff hook.
 */
export async function uploadLinkRoutes(app: FastifyInstance, { sessionMs, institutionName }: UploadLinkOptions) {
  app.get<{ Params: { token: string } }>(
    '/u/:token',
    { schema: { params: tokenParams, response: { '4xx': errorSchema } } },
    async (request, reply) => {
      const { token } = request.params;
      const link = looksLikeToken(token) ? await app.store.uploadLinks.byTokenHash(sha256Hex(token)) : undefined;
      if (link === undefined) {
        // Guessed tokens are counted per address and minute, not written one record each.
        await countUnknownCredential(app, request, 'upload-link');
        return refuseLink(request, reply, 404, 'LINK_NOT_FOUND', 'This link is not valid', unknownUploadLinkPage());
      }
      const now = app.clock();
      if (link.revokedAt !== undefined)
        return refuseLink(request, reply, 410, 'LINK_REVOKED', 'This link was withdrawn', revokedUploadLinkPage(link));
      if (now >= link.expiresAt)
        return refuseLink(request, reply, 410, 'LINK_EXPIRED', 'This link has expired', expiredUploadLinkPage(link));
      // Opening it again in a browser that still holds a session of this link keeps that session.
      if (!(request.principal.kind === 'upload' && request.principal.link.id === link.id)) {
        const sessionId = randomToken(32);
        const expiresAt = Math.min(now + sessionMs, link.expiresAt);
        await app.store.uploadSessions.deleteExpired(now);
        await app.store.uploadSessions.create({
          idHash: sha256Hex(sessionId),
          linkId: link.id,
          csrfToken: randomToken(32),
          createdAt: now,
          expiresAt,
          ip: request.ip,
        });
        setCookie('upload', request, reply, sessionId, expiresAt);
      }
      return reply.code(303).header('location', UPLOAD_PAGE).send();
    },
  );

  app.get(
    '/api/upload-session',
    { schema: { response: { 200: UploadSessionInfo, 401: errorSchema } } },
    async (request) => {
      const principal = request.principal;
      if (principal.kind !== 'upload') throw noSessionOf('upload-session', principal);
      return {
        linkId: principal.link.id,
        label: principal.link.label,
        institution: institutionName ?? null,
        expiresAt: new Date(principal.link.expiresAt).toISOString(),
        csrfToken: principal.session.csrfToken,
      };
    },
  );

  app.delete(
    '/api/upload-session',
    { schema: { response: { 204: { type: 'null' }, 403: errorSchema } } },
    async (request, reply) => {
      if (!isSameOrigin(request)) throw new HttpError(403, 'CSRF_REFUSED', 'The request does not come from this site');
      const principal = request.principal;
      if (principal.kind === 'upload') await app.store.uploadSessions.delete(principal.session.idHash);
      clearCookie('upload', request, reply);
      return reply.code(204).send();
    },
  );
}
