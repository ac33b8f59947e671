import fastifyFormbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../errors';
import { isSameOrigin } from '../security/origin';
import { looksLikeToken, sha256Hex } from '../security/tokens';
import { csrfRefused } from './authErrors';
import { errorSchema, userSchema } from './authSchemas';
import { AccountError, createUser, newAccountProblem } from './createUser';
import { setupDonePage, setupFormPage, setupInvalidPage } from './setupPages';

interface SetupBody {
  token: string;
  username: string;
  displayName?: string;
  password: string;
  passwordRepeat?: string;
}

const setupBody = {
  type: 'object',
  required: ['token', 'username', 'password'],
  properties: {
    token: { type: 'string', maxLength: 128 },
    username: { type: 'string', maxLength: 64 },
    displayName: { type: 'string', maxLength: 128 },
    password: { type: 'string', maxLength: 1024 },
    passwordRepeat: { type: 'string', maxLength: 1024 },
  },
} as const;

/**
 * The one-time first-admin setup: a page (plain HTML form, no script) and the endpoint it posts
 * to, which also takes JSON. Works only while no account exists and only with the token printed
 * at start; using it burns the token.
 */
export async function setupRoutes(app: FastifyInstance) {
  await app.register(fastifyFormbody);

  app.get<{ Params: { token: string } }>(
    '/setup/:token',
    { schema: { params: { type: 'object', properties: { token: { type: 'string', maxLength: 128 } } } } },
    async (request, reply) => {
      const { token } = request.params;
      const valid =
        looksLikeToken(token) &&
        (await app.store.users.count()) === 0 &&
        (await app.store.setupTokens.isValid(sha256Hex(token), app.clock()));
      return reply
        .code(valid ? 200 : 404)
        .type('text/html; charset=utf-8')
        .send(valid ? setupFormPage(token) : setupInvalidPage());
    },
  );

  app.post<{ Body: SetupBody }>(
    '/api/setup',
    {
      schema: {
        body: setupBody,
        response: { 201: { type: 'object', required: ['user'], properties: { user: userSchema } }, '4xx': errorSchema },
      },
    },
    async (request, reply) => {
      if (!isSameOrigin(request)) throw csrfRefused('The request does not come from this site');
      const { token, username, displayName, password, passwordRepeat } = request.body;
      const fail = (status: number, code: string, message: string) =>
        respondError(request, reply, status, code, message, status === 400 ? token : undefined);

      const now = app.clock();
      if ((await app.store.users.count()) > 0)
        return fail(409, 'ALREADY_SET_UP', 'An account exists already; sign in instead');
      if (!looksLikeToken(token) || !(await app.store.setupTokens.isValid(sha256Hex(token), now))) {
        return fail(404, 'SETUP_TOKEN_INVALID', 'This setup link was used already, has expired or was replaced');
      }
      const problem =
        newAccountProblem(username, password) ??
        (passwordRepeat !== undefined && passwordRepeat !== password ? 'The passwords differ' : undefined);
      if (problem !== undefined) return fail(400, 'INVALID_ACCOUNT', problem);
      // Consumed right before the account is written, so two racing posts create one admin.
      if (!(await app.store.setupTokens.consume(sha256Hex(token), now))) {
        return fail(404, 'SETUP_TOKEN_INVALID', 'This setup link was used already, has expired or was replaced');
      }
      let user;
      try {
        user = await createUser(app.store, app.audit, now, {
          username,
          displayName,
          password,
          role: 'admin',
          actor: { kind: 'system', name: 'setup page' },
          ip: request.ip,
        });
      } catch (error) {
        if (error instanceof AccountError) return fail(400, 'INVALID_ACCOUNT', error.message);
        throw error;
      }
      await app.audit.record({
        type: 'setup.completed',
        outcome: 'success',
        actor: { kind: 'system', name: 'setup page' },
        ip: request.ip,
        detail: { username: user.username },
      });
      if (isForm(request)) return reply.code(201).type('text/html; charset=utf-8').send(setupDonePage(user.username));
      return reply
        .code(201)
        .send({ user: { id: user.id, username: user.username, displayName: user.displayName, role: user.role } });
    },
  );
}

const isForm = (request: FastifyRequest) =>
  request.headers['content-type']?.startsWith('application/x-www-form-urlencoded') ?? false;

function respondError(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
  token: string | undefined,
) {
  if (!isForm(request)) throw new HttpError(status, code, message);
  const page = token !== undefined ? setupFormPage(token, message) : setupInvalidPage();
  return reply.code(status).type('text/html; charset=utf-8').send(page);
}
