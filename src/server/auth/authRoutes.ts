import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf } from '../audit/actorOf';
import { clearCookie, readCookie, setCookie } from '../security/cookies';
import { isSameOrigin } from '../security/origin';
import { decoyHash, verifySecret } from '../security/passwords';
import { sha256Hex } from '../security/tokens';
import type { Session } from '../store/sessions';
import type { User } from '../store/users';
import { csrfRefused, invalidCredentials, unauthenticated } from './authErrors';
import { errorSchema, loginBodySchema, sessionInfoSchema } from './authSchemas';
import { requireCsrf } from './guards';
import { loginSucceeded, reserveLoginAttempt } from './loginThrottle';
import { startSession } from './staffSessions';

interface AuthRoutesOptions {
  sessionIdleMs: number;
  sessionMaxMs: number;
}

/**
 * Login, logout and "who am I": the only /api routes open without a session. They live in their
 * own context, beside (not inside) the staff-only contexts, so no hook of theirs leaks here.
 */
export async function authRoutes(app: FastifyInstance, settings: AuthRoutesOptions) {
  const sessionInfo = (user: User, session: Session) => ({
    user: { id: user.id, username: user.username, displayName: user.displayName, role: user.role },
    csrfToken: session.csrfToken,
    expiresAt: new Date(session.expiresAt).toISOString(),
    idleTimeoutSeconds: Math.round(settings.sessionIdleMs / 1000),
  });

  app.post<{ Body: { username: string; password: string } }>(
    '/api/login',
    {
      schema: {
        body: loginBodySchema,
        response: { 200: sessionInfoSchema, 401: errorSchema, 403: errorSchema, 429: errorSchema },
      },
    },
    async (request, reply) => {
      // Login CSRF: a foreign page must not sign the browser in to an account of its choosing.
      if (!isSameOrigin(request)) throw csrfRefused('The request does not come from this site');
      const { username, password } = request.body;
      const now = app.clock();
      // Reserved before the password check, in one atomic step, so parallel guesses cannot all reach it.
      const attempt = await reserveLoginAttempt(app.store.loginFailures, username, request.ip, now);
      if (!attempt.allowed) {
        await app.audit.record({
          type: 'login.throttled',
          outcome: 'failure',
          actor: { kind: 'anonymous' },
          ip: request.ip,
          detail: { username, scope: attempt.scope },
        });
        return tooManyAttempts(reply, attempt.retryAfterMs);
      }
      const user = await app.store.users.findByUsername(username);
      const valid = await verifySecret(password, user?.passwordHash ?? (await decoyHash()));
      if (user === undefined || !valid) {
        await app.audit.record({
          type: 'login.failed',
          outcome: 'failure',
          actor: { kind: 'anonymous' },
          ip: request.ip,
          detail: { username },
        });
        throw invalidCredentials();
      }
      await loginSucceeded(app.store.loginFailures, attempt.reservation);
      const previous = readCookie('session', request);
      if (previous !== undefined) await app.store.sessions.delete(sha256Hex(previous));
      const { id, session } = await startSession(app.store, user.id, request.ip, now, settings);
      setCookie('session', request, reply, id, session.expiresAt);
      await app.audit.record({
        type: 'login.succeeded',
        outcome: 'success',
        actor: { kind: 'staff', id: user.id, name: user.username },
        ip: request.ip,
      });
      return sessionInfo(user, session);
    },
  );

  app.post(
    '/api/logout',
    { schema: { response: { 204: { type: 'null' }, 403: errorSchema } }, onRequest: requireCsrf },
    async (request, reply) => {
      const principal = request.principal;
      if (principal.kind === 'staff') {
        await app.store.sessions.delete(principal.session.idHash);
        await app.audit.record({ type: 'logout', outcome: 'success', actor: actorOf(principal), ip: request.ip });
      }
      clearCookie('session', request, reply);
      return reply.code(204).send();
    },
  );

  app.get(
    '/api/me',
    { schema: { response: { 200: sessionInfoSchema, 401: errorSchema } } },
    async (request: FastifyRequest) => {
      const principal = request.principal;
      if (principal.kind !== 'staff') throw unauthenticated(principal.kind === 'anonymous' ? principal : undefined);
      return sessionInfo(principal.user, principal.session);
    },
  );
}

function tooManyAttempts(reply: FastifyReply, delayMs: number) {
  const seconds = Math.max(1, Math.ceil(delayMs / 1000));
  const wait = seconds < 120 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`;
  return reply
    .code(429)
    .header('retry-after', String(seconds))
    .send({ error: 'TOO_MANY_ATTEMPTS', message: `Too many failed sign-ins from this address; try again in ${wait}` });
}
