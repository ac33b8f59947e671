import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http2, { type ClientHttp2Session, type IncomingHttpHeaders } from 'node:http2';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusDir } from '../../test/support/corpus';
import { ADMIN, SETTINGS } from '../../test/support/dicomweb/listeningGateway';
import { formatMultipart } from '../dicomweb/multipart';
import { buildApp } from './app';
import { openArchive } from './archive/archive';
import { silentLogger } from './archive/logger';
import { createAuditTrail } from './audit/auditTrail';
import { ensureFirstAdmin } from './auth/firstAdmin';
import { systemClock } from './store/clock';
import { openStore } from './store/store';

/**
 * The gateway serving TLS itself (TLS_CERT_FILE, TLS_KEY_FILE) on a real socket: HTTP/2 for
 * clients that offer it, with compression, byte ranges, sign-in cookies and refused uploads working
 * as over HTTP/1.1, and HTTP/1.1 still answered for clients that do not.
 */
const FRENCH = {
  file: 'kinds/charset/chrFren.dcm',
  study: '1.3.6.1.4.1.5962.1.2.0.1175775772.5720.0',
  series: '1.3.6.1.4.1.5962.1.3.0.1.1175775772.5720.0',
  instance: '1.3.6.1.4.1.5962.1.1.0.1.1.1175775772.5720.0',
};
const FRAME = `/dicomweb/studies/${FRENCH.study}/series/${FRENCH.series}/instances/${FRENCH.instance}/frames/1`;
const INDEX_HTML = '<!doctype html><html><head><title>SecondRead over h2</title></head><body></body></html>';
const MAX_UPLOAD_BYTES = 256 * 1024;
const REQUEST_TIMEOUT_SECONDS = 2;
const BOUNDARY = 'h2-stow-boundary';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** How long a request may take before the test fails rather than hangs (a stream the server never closes). */
const ANSWER_WITHIN_MS = 8_000;

/**
 * One request on an h2 session, resolved once its stream is closed on both sides; `body` is written
 * whole, or written and then held (never ended) when `hold` is set, so the server must close the stream.
 */
function h2Request(
  session: ClientHttp2Session,
  headers: Record<string, string>,
  body?: Buffer,
  { hold = false } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const stream = session.request(headers, { endStream: body === undefined });
    const timer = setTimeout(() => {
      stream.close(http2.constants.NGHTTP2_CANCEL);
      reject(new Error(`the stream of ${headers[':path']} was still open after ${ANSWER_WITHIN_MS} ms`));
    }, ANSWER_WITHIN_MS);
    const chunks: Buffer[] = [];
    let answerHeaders: IncomingHttpHeaders = {};
    stream.on('response', (received) => void (answerHeaders = received));
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('error', reject);
    stream.on('close', () => {
      clearTimeout(timer);
      const status = Number(answerHeaders[':status'] ?? 0);
      if (status === 0) reject(new Error(`stream closed without an answer (code ${stream.rstCode})`));
      else resolve({ status, headers: answerHeaders, body: Buffer.concat(chunks) });
    });
    if (body !== undefined) {
      if (hold) stream.write(body);
      else stream.end(body);
    }
  });
}

const json = (answer: Answer): unknown => JSON.parse(answer.body.toString('utf8'));

describe('the gateway over TLS', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'secondread-h2-'));
  const certFile = path.join(dir, 'cert.pem');
  let cert: Buffer;
  let app: FastifyInstance;
  let origin: string;
  let session: ClientHttp2Session;
  let cookie: string;
  let csrf: string;
  const warnings: Error[] = [];
  const onWarning = (warning: Error) => void warnings.push(warning);

  beforeAll(async () => {
    const keyFile = path.join(dir, 'key.pem');
    execFileSync(
      'openssl',
      [
        ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1'],
        ...['-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyFile, '-out', certFile],
      ],
      { stdio: 'ignore' },
    );
    cert = readFileSync(certFile);
    const staticDir = path.join(dir, 'static');
    const dataDir = path.join(dir, 'data');
    mkdirSync(staticDir);
    writeFileSync(path.join(staticDir, 'index.html'), INDEX_HTML);
    const archive = await openArchive({ dataDir, logger: silentLogger });
    const stored = await archive.ingest(new Uint8Array(readFileSync(path.join(corpusDir, FRENCH.file))));
    if (!stored.ok) throw new Error(`the test study was not stored: ${stored.reason}`);
    const store = await openStore(dataDir);
    await ensureFirstAdmin(store, createAuditTrail(store.auditLog, systemClock), systemClock, ADMIN);
    app = await buildApp({
      config: {
        maxUploadBytes: MAX_UPLOAD_BYTES,
        staticDir,
        trustProxy: false,
        logLevel: 'silent',
        requestTimeoutSeconds: REQUEST_TIMEOUT_SECONDS,
        uploadIdleSeconds: 30,
      },
      backend: archive,
      access: { store, clock: systemClock, settings: SETTINGS, dataDir },
      tls: { cert, key: readFileSync(keyFile) },
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    origin = `https://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    process.on('warning', onWarning);
    session = http2.connect(origin, { ca: cert });
    await new Promise<void>((resolve, reject) => session.once('connect', () => resolve()).once('error', reject));

    const login = await h2Request(
      session,
      { ':method': 'POST', ':path': '/api/login', 'content-type': 'application/json', origin },
      Buffer.from(JSON.stringify(ADMIN)),
    );
    expect(login.status).toBe(200);
    const setCookies = login.headers['set-cookie'] ?? [];
    cookie = setCookies.map((c) => c.split(';')[0]).join('; ');
    csrf = (json(login) as { csrfToken: string }).csrfToken;
  });
  afterAll(async () => {
    process.off('warning', onWarning);
    session.destroy();
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (url: string, headers: Record<string, string> = {}) =>
    h2Request(session, { ':path': url, cookie, ...headers });

  it('negotiates HTTP/2 and answers the web app and the health check', async () => {
    expect(session.alpnProtocol).toBe('h2');
    const index = await get('/');
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toMatch(/^text\/html/);
    expect(index.body.toString('utf8')).toContain('<title>SecondRead over h2</title>');
    const health = await get('/healthz');
    expect(health.status).toBe(200);
    expect(json(health)).toEqual({ status: 'ok', backend: 'embedded archive' });
  });

  it('signs in with __Host- cookies, as the connection is https', async () => {
    expect(cookie).toMatch(/^__Host-sr_session=/);
    const me = await get('/api/me');
    expect(me.status).toBe(200);
    expect(json(me)).toMatchObject({ user: { username: 'admin' } });
  });

  it('compresses QIDO JSON with brotli', async () => {
    // With every field, so that the answer is past the compression threshold.
    const answer = await get('/dicomweb/instances?includefield=all', { 'accept-encoding': 'br' });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-encoding']).toBe('br');
    const instances = JSON.parse(brotliDecompressSync(answer.body).toString('utf8')) as Record<
      string,
      { Value?: unknown[] }
    >[];
    expect(instances.map((instance) => instance['00080018']?.Value)).toEqual([[FRENCH.instance]]);
  });

  it('answers a byte range of a frame with 206 and those bytes', async () => {
    const accept = { accept: 'application/octet-stream; transfer-syntax=*' };
    const whole = await get(FRAME, accept);
    expect(whole.status).toBe(200);
    expect(whole.body.length).toBeGreaterThan(1000);
    const part = await get(FRAME, { ...accept, range: 'bytes=100-611' });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-611/${whole.body.length}`);
    expect(part.body.equals(whole.body.subarray(100, 612))).toBe(true);
  });

  it('streams a study download as a zip holding the instance', async () => {
    const answer = await get(`/api/studies/${FRENCH.study}/download`);
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^application\/zip/);
    const entries = unzipSync(answer.body);
    const stored = readFileSync(path.join(corpusDir, FRENCH.file));
    expect(Object.values(entries).some((bytes) => Buffer.from(bytes).equals(stored))).toBe(true);
  });

  it('refuses an upload past MAX_UPLOAD_BYTES with 413 and serves the next request on the same connection', async () => {
    const part = { headers: { 'Content-Type': 'application/dicom' }, body: new Uint8Array(MAX_UPLOAD_BYTES + 1) };
    const body = Buffer.from(formatMultipart(BOUNDARY, [part]));
    const refused = await h2Request(
      session,
      {
        ':method': 'POST',
        ':path': '/dicomweb/studies',
        'content-type': `multipart/related; type="application/dicom"; boundary=${BOUNDARY}`,
        cookie,
        'x-csrf-token': csrf,
        origin,
      },
      body,
    );
    expect(refused.status).toBe(413);
    expect(json(refused)).toMatchObject({ error: 'PAYLOAD_TOO_LARGE' });
    expect(refused.headers.connection).toBeUndefined();
    const next = await get('/healthz');
    expect(json(next)).toEqual({ status: 'ok', backend: 'embedded archive' });
    expect(session.closed || session.destroyed).toBe(false);
  });

  it('refuses an anonymous upload before its body has arrived, keeping the connection', async () => {
    const refused = await h2Request(
      session,
      {
        ':method': 'POST',
        ':path': '/dicomweb/studies',
        'content-type': `multipart/related; type="application/dicom"; boundary=${BOUNDARY}`,
        'content-length': String(50 * 1024 ** 2),
        origin,
      },
      Buffer.from(`--${BOUNDARY}\r\nContent-Type: application/dicom\r\n\r\n${'x'.repeat(200)}`),
      { hold: true },
    );
    expect(refused.status).toBe(401);
    expect(json(refused)).toMatchObject({ error: expect.any(String) });
    expect(json(await get('/healthz'))).toEqual({ status: 'ok', backend: 'embedded archive' });
  });

  it('answers 408 to a request whose body stalls past REQUEST_TIMEOUT_SECONDS, keeping the connection', async () => {
    const started = Date.now();
    const stalled = await h2Request(
      session,
      {
        ':method': 'POST',
        ':path': '/api/login',
        'content-type': 'application/json',
        'content-length': '1000',
        origin,
      },
      Buffer.from('{"username":"adm'),
      { hold: true },
    );
    expect(stalled.status).toBe(408);
    expect(json(stalled)).toMatchObject({ error: 'REQUEST_TIMEOUT' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_SECONDS * 1000 - 100);
    expect(json(await get('/healthz'))).toEqual({ status: 'ok', backend: 'embedded archive' });
  });

  it('lets an admitted upload take longer than REQUEST_TIMEOUT_SECONDS, as over HTTP/1.1', async () => {
    const german = readFileSync(path.join(corpusDir, 'kinds/charset/chrGerm.dcm'));
    const part = { headers: { 'Content-Type': 'application/dicom' }, body: new Uint8Array(german) };
    const body = Buffer.from(formatMultipart(BOUNDARY, [part]));
    const stream = session.request({
      ':method': 'POST',
      ':path': '/dicomweb/studies',
      'content-type': `multipart/related; type="application/dicom"; boundary=${BOUNDARY}`,
      accept: 'application/dicom+json',
      cookie,
      'x-csrf-token': csrf,
      origin,
    });
    const answer = new Promise<Answer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      let headers: IncomingHttpHeaders = {};
      stream.on('response', (received) => void (headers = received));
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', reject);
      stream.on('close', () => resolve({ status: Number(headers[':status']), headers, body: Buffer.concat(chunks) }));
    });
    stream.write(body.subarray(0, 1000));
    await new Promise((resolve) => setTimeout(resolve, REQUEST_TIMEOUT_SECONDS * 1000 + 500));
    stream.end(body.subarray(1000));
    const stored = await answer;
    expect(stored.status).toBe(200);
    expect((json(stored) as Record<string, { Value: unknown[] }>)['00081199']!.Value).toHaveLength(1);
  });

  it('answers HTTP/1.1 clients too', async () => {
    const answer = await new Promise<{ status: number; alpn: string | false; body: string }>((resolve, reject) => {
      const request = https.get(`${origin}/healthz`, { ca: cert, agent: false }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => void (body += chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            alpn: (response.socket as never as { alpnProtocol: string | false }).alpnProtocol,
            body,
          }),
        );
      });
      request.on('error', reject);
    });
    expect(answer.alpn).not.toBe('h2');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ status: 'ok', backend: 'embedded archive' });
  });

  it('sends no connection-specific header over HTTP/2 (Node would warn and drop it)', () => {
    expect(warnings.map((warning) => warning.message)).toEqual([]);
  });
});
