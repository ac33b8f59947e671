import type { FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { redactText, redactUrl } from './redactUrl';

export interface LogDestination {
  write(line: string): void;
}

type LoggerOptions = Exclude<FastifyServerOptions['logger'], boolean | undefined>;

/**
 * The gateway's log settings. Request lines name the method, the route pattern, the address
 * with its secrets and query values redacted, and the caller's IP; never headers, so cookies,
 * Authorization and X-CSRF-Token stay out. Every finished line then passes the same redaction,
 * which catches addresses inside messages and errors (Fastify's own "Route … not found", an
 * upstream error naming a URL) without each call site having to remember.
 */
export function loggerOptions(level: string, stream?: LogDestination): LoggerOptions {
  return {
    level,
    ...(stream === undefined ? {} : { stream }),
    serializers: {
      req: (request: FastifyRequest) => ({
        method: request.method,
        url: redactUrl(request.url),
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- the logger may be handed a request Fastify never routed
        route: request.routeOptions?.url,
        remoteAddress: request.ip,
      }),
      res: (reply: Partial<FastifyReply> & Pick<FastifyReply, 'statusCode'>) => ({
        statusCode: reply.statusCode,
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- the logger may be handed a request Fastify never routed
        route: reply.request?.routeOptions?.url,
      }),
    },
    hooks: { streamWrite: redactText },
  };
}
