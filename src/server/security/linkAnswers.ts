import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../errors';

/** A link's token in the path (/s, /p, /u): never longer than any token the gateway issues. */
export const tokenParams = {
  type: 'object',
  required: ['token'],
  properties: { token: { type: 'string', maxLength: 128 } },
} as const;

/** Scripts (a JSON body, or a GET that accepts JSON) get `{error, message}`; people get a page. */
export const wantsJson = (request: FastifyRequest) =>
  (request.headers['content-type'] ?? '').startsWith('application/json') ||
  (request.method === 'GET' && (request.headers.accept ?? '').startsWith('application/json'));

/** A link's refusal as a page for people and as `{error, message}` for scripts. */
export function refuseLink(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
  page: string,
) {
  if (wantsJson(request)) throw new HttpError(status, code, message);
  return reply.code(status).type('text/html; charset=utf-8').send(page);
}
