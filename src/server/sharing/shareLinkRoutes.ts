import { readFileSync } from 'node:fs';
import path from 'node:path';
import fastifyFormbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ShareSession } from '../../api/shareSession';
import { countUnknownCredential } from '../audit/refusalAudit';
import { errorSchema } from '../auth/authSchemas';
import { noSessionOf } from '../auth/authErrors';
import { HttpError } from '../errors';
import { clearCookie, setCookie } from '../security/cookies';
import { PAGES_CSS_PATH } from '../security/htmlPage';
import { isSameOrigin } from '../security/origin';
import { looksLikeToken, sha256Hex } from '../security/tokens';
import type { Share } from '../store/shares';
import {
  blockedPage,
  exhaustedPage,
  expiredPage,
  landingPage,
  lockedPage,
  revokedPage,
  sameSiteHopPage,
  unknownLinkPage,
} from './linkPages';
import { linkState } from './linkState';
import { openLink } from './openLink';
import { refuseLink, tokenParams, wantsJson } from '../security/linkAnswers';

interface ShareLinkOptions {
  shareSessionMs: number;
  /** Shown next to the sender's name; none when unset. */
  institutionName: string | undefined;
}

// No body at all (a bare POST) is the landing page again, not a validation error.
const passcodeBody = {
  type: ['object', 'null'],
  properties: { passcode: { type: 'string', maxLength: 128 } },
} as const;

const landingJson = {
  type: 'object',
  required: ['status'],
  properties: {
    status: { type: 'string', enum: ['active', 'revoked', 'expired', 'exhausted', 'locked'] },
    senderName: { type: 'string' },
    label: { type: ['string', 'null'] },
    message: { type: ['string', 'null'] },
    institution: { type: ['string', 'null'] },
    expiresAt: { type: 'string' },
    passcodeRequired: { type: 'boolean' },
    studyCount: { type: 'integer' },
    lockedUntil: { type: ['string', 'null'] },
  },
} as const;

/** A page opened from another site's link: its request carried no SameSite=Strict cookie. */
const isCrossSiteNavigation = (request: FastifyRequest) =>
  request.headers['sec-fetch-site'] === 'cross-site' && request.headers['sec-fetch-mode'] === 'navigate';

/**
 * What a link recipient reaches: the landing page, the open (passcode) POST, the share-session
 * info for the SPA, and the pages' stylesheet. A context of its own, sibling to the staff routes,
 * with no staff hook; every page is plain HTML without script.
 */
export async function shareLinkRoutes(app: FastifyInstance, { shareSessionMs, institutionName }: ShareLinkOptions) {
  await app.register(fastifyFormbody);
  const css = readFileSync(path.join(import.meta.dirname, '..', 'security', 'pages.css'), 'utf8');

  app.get(PAGES_CSS_PATH, { schema: { response: { 200: { type: 'string' } } } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(css),
  );

  const shareFor = async (token: string): Promise<Share | undefined> =>
    looksLikeToken(token) ? app.store.shares.byTokenHash(sha256Hex(token)) : undefined;

  const refuseState = (
    request: FastifyRequest,
    reply: FastifyReply,
    share: Share,
    state: 'revoked' | 'expired' | 'exhausted',
  ) => {
    if (state === 'revoked')
      return refuseLink(request, reply, 410, 'SHARE_REVOKED', 'This link was withdrawn', revokedPage(share));
    if (state === 'expired')
      return refuseLink(request, reply, 410, 'SHARE_EXPIRED', 'This link has expired', expiredPage(share));
    return refuseLink(
      request,
      reply,
      410,
      'SHARE_EXHAUSTED',
      'This link has been opened as often as allowed',
      exhaustedPage(share),
    );
  };
  const refuseLocked = (request: FastifyRequest, reply: FastifyReply, share: Share, lockedUntil: number) => {
    reply.header('retry-after', String(Math.max(1, Math.ceil((lockedUntil - app.clock()) / 1000))));
    return refuseLink(
      request,
      reply,
      429,
      'LINK_LOCKED',
      'Too many wrong passcodes; the link is locked for now',
      lockedPage(share, lockedUntil),
    );
  };
  const refuseBlocked = (request: FastifyRequest, reply: FastifyReply, share: Share) =>
    refuseLink(
      request,
      reply,
      423,
      'LINK_BLOCKED',
      `Too many wrong passcodes; ask ${share.senderName} to unlock the link`,
      blockedPage(share),
    );
  const unknown = async (request: FastifyRequest, reply: FastifyReply) => {
    // Guessed tokens are counted per address and minute, not written one record each.
    await countUnknownCredential(app, request, 'share-link');
    return refuseLink(request, reply, 404, 'SHARE_NOT_FOUND', 'This link is not valid', unknownLinkPage());
  };
  // The viewer's address names the studies, never the token.
  const toViewer = (reply: FastifyReply, share: Share) =>
    reply
      .code(303)
      .header('location', `/viewer?StudyInstanceUIDs=${share.scope.studies.map((s) => s.study).join(',')}`)
      .send();
  /**
   * The browser already holds a live session of this very share (the principal resolver checked
   * it against the share's revocation and expiry just now): opening the link again goes back to
   * the viewer without a passcode and without counting an open. Not audited: it grants nothing
   * new, and what the session views is recorded as it is viewed.
   */
  const resumes = (request: FastifyRequest, share: Share) =>
    request.principal.kind === 'share' && request.principal.share.id === share.id;

  app.get<{ Params: { token: string } }>(
    '/s/:token',
    { schema: { params: tokenParams, response: { 200: landingJson, '4xx': errorSchema } } },
    async (request, reply) => {
      if (isCrossSiteNavigation(request))
        return reply.header('refresh', '0').type('text/html; charset=utf-8').send(sameSiteHopPage());
      const share = await shareFor(request.params.token);
      if (share === undefined) return unknown(request, reply);
      if (resumes(request, share)) return toViewer(reply, share);
      const state = linkState(share, app.clock());
      if (state === 'revoked' || state === 'expired' || state === 'exhausted')
        return refuseState(request, reply, share, state);
      if (state === 'locked') {
        return share.passcodeBlockedAt !== undefined
          ? refuseBlocked(request, reply, share)
          : refuseLocked(request, reply, share, share.lockedUntil!);
      }
      if (wantsJson(request)) {
        return {
          status: state,
          senderName: share.senderName,
          label: share.label ?? null,
          message: share.message ?? null,
          institution: senderInstitution(share, institutionName) ?? null,
          expiresAt: new Date(share.expiresAt).toISOString(),
          passcodeRequired: share.passcodeHash !== undefined,
          studyCount: share.scope.studies.length,
          lockedUntil: null,
        };
      }
      return reply
        .type('text/html; charset=utf-8')
        .send(landingPage(share, request.params.token, senderInstitution(share, institutionName)));
    },
  );

  app.post<{ Params: { token: string }; Body: { passcode?: string } | undefined }>(
    '/s/:token',
    { schema: { params: tokenParams, body: passcodeBody, response: { '4xx': errorSchema } } },
    async (request, reply) => {
      if (!isSameOrigin(request))
        return refuseLink(
          request,
          reply,
          403,
          'CSRF_REFUSED',
          'The request does not come from this site',
          unknownLinkPage(),
        );
      const { token } = request.params;
      const share = await shareFor(token);
      if (share === undefined) return unknown(request, reply);
      if (resumes(request, share)) return toViewer(reply, share);
      const outcome = await openLink(app, share, request.body?.passcode, request.ip, shareSessionMs);
      switch (outcome.kind) {
        case 'refused':
          return refuseState(request, reply, share, outcome.state);
        case 'locked':
          return refuseLocked(request, reply, share, outcome.lockedUntil);
        case 'blocked':
          return refuseBlocked(request, reply, share);
        case 'passcode-needed':
          if (wantsJson(request)) throw new HttpError(401, 'PASSCODE_REQUIRED', 'This link needs its passcode');
          return reply
            .type('text/html; charset=utf-8')
            .send(landingPage(share, token, senderInstitution(share, institutionName)));
        case 'wrong-passcode': {
          const message = `Wrong passcode. ${outcome.attemptsLeft} ${outcome.attemptsLeft === 1 ? 'try' : 'tries'} left before the link locks for 15 minutes.`;
          return refuseLink(
            request,
            reply,
            401,
            'WRONG_PASSCODE',
            message,
            landingPage(share, token, senderInstitution(share, institutionName), message),
          );
        }
        case 'opened': {
          setCookie('share', request, reply, outcome.sessionId, outcome.expiresAt);
          return toViewer(reply, share);
        }
      }
    },
  );

  app.get('/api/share-session', { schema: { response: { 200: ShareSession, 401: errorSchema } } }, async (request) => {
    const principal = request.principal;
    if (principal.kind !== 'share') throw noSessionOf('share-session', principal);
    const { share, shareSession } = principal;
    return {
      shareId: share.id,
      senderName: share.senderName,
      label: share.label ?? null,
      message: share.message ?? null,
      institution: senderInstitution(share, institutionName) ?? null,
      expiresAt: new Date(share.expiresAt).toISOString(),
      sessionExpiresAt: new Date(shareSession.expiresAt).toISOString(),
      studies: share.scope.studies.map((s) => ({ studyInstanceUID: s.study, seriesInstanceUIDs: s.series })),
      seriesScoped: share.scope.seriesScoped,
      allowDownload: share.scope.allowDownload,
      allowReply: share.scope.allowReply,
    };
  });

  app.delete(
    '/api/share-session',
    { schema: { response: { 204: { type: 'null' }, 403: errorSchema } } },
    async (request, reply) => {
      if (!isSameOrigin(request)) throw new HttpError(403, 'CSRF_REFUSED', 'The request does not come from this site');
      const principal = request.principal;
      if (principal.kind === 'share') await app.store.shareSessions.delete(principal.shareSession.idHash);
      clearCookie('share', request, reply);
      return reply.code(204).send();
    },
  );
}

/** A patient who forwards their own images does not speak for the institution that made them. */
const senderInstitution = (share: Share, institutionName: string | undefined): string | undefined =>
  share.forwardedFrom === undefined ? institutionName : undefined;
