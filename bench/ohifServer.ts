import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ohifAppConfig } from './ohifConfig';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.onnx': 'application/octet-stream',
};

/** OHIF's deployment guide asks for cross-origin isolation (SharedArrayBuffer for volumes). */
const ISOLATION = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };

export interface RunningOhifServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * Serves OHIF's prebuilt dist/ (unknown paths fall back to index.html, as its _redirects does)
 * and forwards /dicom-web/* to Orthanc, so OHIF reaches DICOMweb on its own origin as SecondRead does.
 */
export async function startOhifServer(distDir: string, orthancRestUrl: string): Promise<RunningOhifServer> {
  const upstream = new URL(orthancRestUrl);
  const appConfig = ohifAppConfig();
  const server = createServer((req, res): void => {
    const pathname = new URL(req.url ?? '/', 'http://bench').pathname;
    if (pathname.startsWith('/dicom-web/')) return forward(req, res, upstream);
    if (pathname === '/app-config.js') return send(res, 200, TYPES['.js']!, appConfig);
    void serveFile(distDir, pathname, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let stopped: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => {
      stopped ??= new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      return stopped;
    },
  };
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...ISOLATION });
  res.end(body);
}

async function serveFile(distDir: string, pathname: string, res: ServerResponse): Promise<void> {
  const resolved = path.resolve(distDir, `.${decodeURIComponent(pathname)}`);
  const inside = resolved.startsWith(distDir + path.sep);
  const found = inside ? await stat(resolved).catch(() => undefined) : undefined;
  const file = found?.isFile() ? resolved : path.join(distDir, 'index.html');
  const size = found?.isFile() ? found.size : (await stat(file)).size;
  res.writeHead(200, {
    'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'content-length': size,
    'cross-origin-resource-policy': 'same-origin',
    ...ISOLATION,
  });
  createReadStream(file).pipe(res);
}

function forward(req: IncomingMessage, res: ServerResponse, upstream: URL): void {
  const outgoing = request(
    {
      host: upstream.hostname,
      port: upstream.port,
      method: req.method,
      path: req.url,
      headers: { ...req.headers, host: upstream.host },
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, { ...answer.headers, 'cross-origin-resource-policy': 'same-origin' });
      answer.pipe(res);
    },
  );
  outgoing.on('error', () => {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  });
  req.pipe(outgoing);
}
