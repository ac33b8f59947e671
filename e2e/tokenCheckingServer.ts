import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the server saw, as the assertions need it. */
export interface SeenRequest {
  method: string;
  /** Path and query, e.g. /dicomweb/studies/1.2/series/3.4/metadata */
  url: string;
  authorization: string | undefined;
}

export interface TokenCheckingServer {
  /** e.g. http://127.0.0.1:41234; its DICOMweb root is `${url}/dicomweb`. */
  url: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

/**
 * A cross-origin DICOMweb server for direct-mode tests: it answers CORS preflights, refuses
 * (401) anything without `Authorization: Bearer <token>`, and forwards the rest to a gateway
 * with `upstreamHeaders` added.
 * The Host header is kept, so the URLs the gateway writes into responses (RetrieveURL,
 * BulkDataURI) point back at this server and the browser's follow-up requests are checked too.
 */
export async function startTokenCheckingServer(
  upstream: string,
  token: string,
  upstreamHeaders: Record<string, string> = {},
): Promise<TokenCheckingServer> {
  const target = new URL(upstream);
  const requests: SeenRequest[] = [];

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const origin = req.headers.origin;
    const cors: Record<string, string> = origin
      ? {
          'access-control-allow-origin': origin,
          vary: 'Origin',
          'access-control-expose-headers': 'Content-Type, Content-Length, Warning',
        }
      : {};
    const seen: SeenRequest = {
      method: req.method ?? '',
      url: req.url ?? '',
      authorization: req.headers.authorization,
    };
    requests.push(seen);

    if (req.method === 'OPTIONS') {
      // Browsers never send credentials on a preflight, so it is answered without one.
      res.writeHead(204, {
        ...cors,
        'access-control-allow-methods': 'GET, HEAD, POST, OPTIONS',
        'access-control-allow-headers': req.headers['access-control-request-headers'] ?? 'authorization, accept',
        'access-control-max-age': '0',
      });
      return res.end();
    }
    if (req.headers.authorization !== `Bearer ${token}`) {
      res.writeHead(401, { ...cors, 'content-type': 'application/json', 'www-authenticate': 'Bearer' });
      return res.end(JSON.stringify({ error: 'UNAUTHORIZED', message: 'A valid bearer token is required' }));
    }
    // The browser's token stops here; the gateway behind gets its own credentials (a session cookie).
    const headers = {
      ...Object.fromEntries(Object.entries(req.headers).filter(([name]) => name !== 'authorization')),
      ...upstreamHeaders,
    };
    const forwarded = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, { ...answer.headers, ...cors });
        answer.pipe(res);
      },
    );
    forwarded.on('error', () => {
      if (!res.headersSent) res.writeHead(502, cors);
      res.end();
    });
    req.pipe(forwarded);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
