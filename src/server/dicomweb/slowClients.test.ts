import http from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusDir } from '../../../test/support/corpus';
import { formatMultipart } from '../../dicomweb/multipart';
import {
  eventually,
  openDescriptors,
  rawClient,
  startListeningGateway,
  type AdminSession,
  type ListeningGateway,
  type RawClient,
} from '../../../test/support/dicomweb/listeningGateway';

/**
 * Hostile and slow clients against the real gateway on a real socket (issue 9, findings 5 and 9):
 * stalled headers and bodies are cut off by the timeouts, uploads are capped per session and in
 * all, parts per request are capped, and none of it leaves a temp file or a descriptor behind.
 */
const dicom = (name: string) => new Uint8Array(readFileSync(path.join(corpusDir, 'kinds/charset', name)));
const FRENCH = dicom('chrFren.dcm');
const GERMAN = dicom('chrGerm.dcm');
const GREEK = dicom('chrGreek.dcm');
const BOUNDARY = 'slow-client-boundary';
const STOW_TYPE = `multipart/related; type="application/dicom"; boundary=${BOUNDARY}`;
const stowBody = (parts: Uint8Array[]) =>
  Buffer.from(
    formatMultipart(
      BOUNDARY,
      parts.map((body) => ({ headers: { 'Content-Type': 'application/dicom' }, body })),
    ),
  );
/** The start of a STOW body: one part's headers and a few bytes of it, no closing boundary. */
const PART_START = Buffer.from(`--${BOUNDARY}\r\nContent-Type: application/dicom\r\n\r\n${'x'.repeat(200)}`);

/** Timeouts short enough for a test; the server must act within these plus a generous margin. */
const SHORT = { headersTimeoutSeconds: 1, requestTimeoutSeconds: 2, uploadIdleSeconds: 1 };
const MARGIN_MS = 6_000;

function stowHead(port: number, session: AdminSession | undefined, length: number): string {
  return [
    'POST /dicomweb/studies HTTP/1.1',
    `Host: 127.0.0.1:${port}`,
    `Content-Type: ${STOW_TYPE}`,
    `Content-Length: ${length}`,
    ...(session === undefined
      ? []
      : [`Cookie: ${session.cookie}`, `X-CSRF-Token: ${session.csrf}`, `Origin: http://127.0.0.1:${port}`]),
    '',
    '',
  ].join('\r\n');
}

/** A STOW over http.request whose body the test writes (and holds) itself. */
function stowRequest(port: number, session: AdminSession, length: number) {
  const request = http.request({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path: '/dicomweb/studies',
    agent: false,
    headers: {
      'content-type': STOW_TYPE,
      'content-length': length,
      cookie: session.cookie,
      'x-csrf-token': session.csrf,
      origin: `http://127.0.0.1:${port}`,
    },
  });
  const response = new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>(
    (resolve, reject) => {
      request.on('response', (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => void (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      request.on('error', reject);
    },
  );
  // A test that fails early leaves held requests behind; their reset is no second failure.
  response.catch(() => undefined);
  return { request, response };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('slow clients are cut off and leave nothing behind', () => {
  let gateway: ListeningGateway;
  let admin: AdminSession;
  beforeAll(async () => {
    gateway = await startListeningGateway(SHORT);
    admin = await gateway.adminSession();
  });
  afterAll(() => gateway.close());

  it('closes 20 stalled connections of every kind within the timeouts, with no temp file or descriptor left', async () => {
    const { port } = gateway;
    // Let the login's keep-alive socket and lazy handles settle before the baseline.
    await sleep(200);
    const baseline = openDescriptors();
    const clients: { kind: string; client: RawClient }[] = [];
    const open = async (kind: string, send: string | Buffer) => {
      const client = await rawClient(port);
      client.socket.write(send);
      clients.push({ kind, client });
    };
    for (let i = 0; i < 4; i++) {
      // Headers that never end (slowloris).
      await open('slow headers', `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow-${i}: `);
      // A connection that says nothing at all.
      await open('silent', '');
      // Anonymous STOW: refused at the guard, its body must not be drained forever.
      await open('anonymous STOW', Buffer.concat([Buffer.from(stowHead(port, undefined, 50 * 1024 ** 2)), PART_START]));
      // JSON and form bodies that stall: login and a share link's passcode form.
      await open(
        'stalled JSON',
        `POST /api/login HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"username":"adm`,
      );
      await open(
        'stalled form',
        `POST /s/abcdefghijklmnopqrstuvwxyz0123456789abcdefg HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\npasscode=12`,
      );
    }
    // An admin's STOW that stalls in the middle of a part: today it holds a temp file forever.
    await open('admin STOW', Buffer.concat([Buffer.from(stowHead(port, admin, 50 * 1024 ** 2)), PART_START]));
    expect(await eventually(() => gateway.tempFiles().length === 1, 2_000)).toBe(true);

    const outcomes = await Promise.allSettled(clients.map(({ client }) => client.closed(MARGIN_MS)));
    const stillOpen = clients.filter((_, i) => outcomes[i]!.status === 'rejected').map(({ kind }) => kind);
    expect(stillOpen).toEqual([]);

    const answers = Object.fromEntries(clients.map(({ kind, client }) => [kind, client.received().split('\r\n')[0]]));
    expect(answers['slow headers']).toBe('HTTP/1.1 408 Request Timeout');
    expect(answers['anonymous STOW']).toBe('HTTP/1.1 401 Unauthorized');
    expect(answers['stalled JSON']).toBe('HTTP/1.1 408 Request Timeout');
    expect(answers['stalled form']).toBe('HTTP/1.1 408 Request Timeout');
    const adminAnswer = clients.at(-1)!.client.received();
    expect(adminAnswer.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
    expect(adminAnswer).toContain('"error":"UPLOAD_STALLED"');
    expect(adminAnswer).toMatch(/no bytes of the upload arrived for 1 s \(UPLOAD_IDLE_SECONDS\)/);

    expect(gateway.tempFiles()).toEqual([]);
    expect(gateway.archive.instanceCount()).toBe(0);
    expect(await eventually(() => openDescriptors() <= baseline, 2_000)).toBe(true);
  });

  it('removes the temp file of a client that disconnects mid-part, and frees its upload slot', async () => {
    const session = await gateway.adminSession();
    const baseline = openDescriptors();
    const leaving = await Promise.all([rawClient(gateway.port), rawClient(gateway.port)]);
    for (const client of leaving)
      client.socket.write(Buffer.concat([Buffer.from(stowHead(gateway.port, session, 50 * 1024 ** 2)), PART_START]));
    expect(await eventually(() => gateway.tempFiles().length === 2, 2_000)).toBe(true);
    for (const client of leaving) client.socket.destroy();
    expect(await eventually(() => gateway.tempFiles().length === 0, 2_000)).toBe(true);
    expect(await eventually(() => openDescriptors() <= baseline, 2_000)).toBe(true);
    // Both of the session's two slots are free again.
    const body = stowBody([GERMAN]);
    const uploads = [stowRequest(gateway.port, session, body.length), stowRequest(gateway.port, session, body.length)];
    for (const { request } of uploads) request.end(body);
    expect((await Promise.all(uploads.map(({ response }) => response))).map((r) => r.status)).toEqual([200, 200]);
  });

  it('lets an honest upload that is slow but steady run longer than every timeout', async () => {
    const session = await gateway.adminSession();
    const body = stowBody([FRENCH]);
    const { request, response } = stowRequest(gateway.port, session, body.length);
    // About 3.5 s in all: longer than the idle (1 s) and request (2 s) timeouts, with a chunk every 0.25 s.
    const chunk = Math.ceil(body.length / 14);
    for (let at = 0; at < body.length; at += chunk) {
      request.write(body.subarray(at, at + chunk));
      await sleep(250);
    }
    request.end();
    const { status, body: answer } = await response;
    expect(status).toBe(200);
    expect(answer).toContain('1.3.6.1.4.1.5962.1.1.0.1.1.1175775772.5720.0');
    expect(gateway.archive.instanceCount()).toBe(2);
    expect(gateway.tempFiles()).toEqual([]);
  });
});

describe('concurrent uploads', () => {
  let gateway: ListeningGateway;
  beforeAll(async () => {
    gateway = await startListeningGateway({
      stowMaxConcurrentPerSession: 2,
      stowMaxConcurrent: 3,
      uploadIdleSeconds: 30,
    });
  });
  afterAll(() => gateway.close());

  it('refuses a session its third simultaneous STOW, and the server its fourth, with 429; then accepts again', async () => {
    const [first, second] = [await gateway.adminSession(), await gateway.adminSession()];
    const body = stowBody([GERMAN]);
    const held = [stowRequest(gateway.port, first, body.length), stowRequest(gateway.port, first, body.length)];
    for (const { request } of held) request.write(body.subarray(0, 300));
    expect(await eventually(() => gateway.tempFiles().length === 2, 3_000)).toBe(true);

    const extra = stowRequest(gateway.port, first, body.length);
    extra.request.end(body);
    const refused = await extra.response;
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    expect(JSON.parse(refused.body)).toEqual({
      error: 'TOO_MANY_UPLOADS',
      message:
        'This session already has 2 uploads in progress (STOW_MAX_CONCURRENT_PER_SESSION); wait for one to finish',
    });

    // Another session fills the server's last slot; a fourth upload in all is refused.
    const third = stowRequest(gateway.port, second, body.length);
    third.request.write(body.subarray(0, 300));
    expect(await eventually(() => gateway.tempFiles().length === 3, 3_000)).toBe(true);
    const fourth = stowRequest(gateway.port, second, body.length);
    fourth.request.end(body);
    const full = await fourth.response;
    expect(full.status).toBe(429);
    expect(JSON.parse(full.body).message).toBe(
      'The server is already receiving 3 uploads (STOW_MAX_CONCURRENT); try again shortly',
    );

    for (const { request } of [...held, third]) request.end(body.subarray(300));
    const finished = await Promise.all([...held, third].map(({ response }) => response));
    expect(finished.map((r) => r.status)).toEqual([200, 200, 200]);

    const again = stowRequest(gateway.port, first, body.length);
    again.request.end(body);
    expect((await again.response).status).toBe(200);
    expect(gateway.archive.instanceCount()).toBe(1);
    expect(gateway.tempFiles()).toEqual([]);
  });
});

describe('parts per STOW request', () => {
  let gateway: ListeningGateway;
  let admin: AdminSession;
  beforeAll(async () => {
    gateway = await startListeningGateway({ stowMaxParts: 3, uploadIdleSeconds: 30 });
    admin = await gateway.adminSession();
  });
  afterAll(() => gateway.close());

  it('refuses the part beyond STOW_MAX_PARTS while the body is still arriving, stores nothing and leaves no temp file', async () => {
    // Four parts, then the body stalls: the refusal must not wait for the end of the body.
    const parts = stowBody([FRENCH, GERMAN, GREEK, FRENCH]);
    const cut = parts.length - `\r\n--${BOUNDARY}--`.length;
    const { request, response } = stowRequest(gateway.port, admin, parts.length + 1000);
    request.write(parts.subarray(0, cut));
    // Bounded, so that a server that waits for the end of the body fails here rather than hangs.
    const refused = await Promise.race([
      response,
      sleep(10_000).then(() => ({ status: 0, headers: {}, body: '"no answer while the body was still arriving"' })),
    ]);
    request.destroy();
    expect(refused.status).toBe(413);
    expect(JSON.parse(refused.body)).toEqual({
      error: 'TOO_MANY_INSTANCES',
      message: 'A STOW-RS request may hold at most 3 instances (STOW_MAX_PARTS); send the rest in another request',
    });
    expect(gateway.archive.instanceCount()).toBe(0);
    expect(await eventually(() => gateway.tempFiles().length === 0, 2_000)).toBe(true);
  });

  it('accepts exactly STOW_MAX_PARTS instances', async () => {
    const body = stowBody([FRENCH, GERMAN, GREEK]);
    const { request, response } = stowRequest(gateway.port, admin, body.length);
    request.end(body);
    const { status, body: answer } = await response;
    expect(status).toBe(200);
    expect(JSON.parse(answer)['00081199'].Value).toHaveLength(3);
    expect(gateway.archive.instanceCount()).toBe(3);
    expect(gateway.tempFiles()).toEqual([]);
  });
});
