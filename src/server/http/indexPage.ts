import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BOOTSTRAP_ELEMENT_ID, SESSION_PROBES, type Bootstrap, type ProbeAnswer } from '../../api/bootstrap';
import { findOpening, openingPictureMarkup, studyToOpen, type PageOpening } from './openingPicture';

/**
 * The SPA's index.html with the app's start-up answers inlined (src/api/bootstrap.ts): config.json
 * and the session probes the app would otherwise ask one after the other before its first DICOMweb
 * request. The page then carries one browser's session: never stored by a shared cache, revalidated
 * by the browser, and not stored at all when it holds a session (and so a CSRF token).
 */
export const ANONYMOUS_INDEX_CACHE = 'no-cache, private';
export const SESSION_INDEX_CACHE = 'no-store';

/** Headers the probes must not inherit: the page's conditional and encoding negotiation are not theirs. */
const NOT_FORWARDED = new Set([
  'accept',
  'accept-encoding',
  'if-none-match',
  'if-modified-since',
  'content-length',
  'range',
]);

interface IndexPageOptions {
  staticDir: string;
  /** False where the gateway has no session routes (a bare DICOMweb guard): the app then asks itself. */
  probeSessions: boolean;
  /**
   * Whether a viewer page names its opening image's picture (openingPicture.ts). Only where the
   * backend is in this process: behind a proxy, finding it costs the upstream's metadata answer
   * twice, once for the page and once for the app.
   */
  openingPicture: boolean;
}

/**
 * How long a viewer page waits for its opening image to be found. The start of the page goes out
 * first, so the app's scripts download meanwhile; they run once the page is complete.
 */
const OPENING_WAIT_MS = 1000;

/** Reads index.html and config.json again only when they changed on disk (a new build under a running gateway). */
function cachedFile(file: string): () => Promise<string | null> {
  let cached: { mtimeMs: number; text: string } | undefined;
  return async () => {
    const mtimeMs = await stat(file).then(
      (stats) => stats.mtimeMs,
      () => undefined,
    );
    if (mtimeMs === undefined) return null;
    if (cached?.mtimeMs !== mtimeMs) cached = { mtimeMs, text: await readFile(file, 'utf8') };
    return cached.text;
  };
}

/** JSON that cannot end the script element it sits in, whatever a share's label or message says. */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('&', '\\u0026')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029');
}

const bootstrapElement = (bootstrap: Bootstrap) =>
  `<script type="application/json" id="${BOOTSTRAP_ELEMENT_ID}">${scriptSafeJson(bootstrap)}</script>`;

/** Where what the gateway adds goes: just before </body> (module scripts run after the whole page is parsed). */
const bodyEnd = (html: string) => {
  const at = html.lastIndexOf('</body>');
  return at < 0 ? html.length : at;
};

/** index.html with the bootstrap element, and the opening image's picture where there is one, before </body>. */
export function withBootstrap(html: string, bootstrap: Bootstrap, opening?: PageOpening): string {
  const at = bodyEnd(html);
  const added = opening
    ? `${openingPictureMarkup(opening)}${bootstrapElement({ ...bootstrap, opening: opening.picture })}`
    : bootstrapElement(bootstrap);
  return `${html.slice(0, at)}${added}${html.slice(at)}`;
}

/**
 * The probes' requests carry the page request's headers and cookies. Over https the cookies carry
 * the `__Host-` prefix (security/cookies.ts). With direct TLS the page came over an encrypted
 * socket, which an injected request lacks: it is plain http and reads the bare names, so the prefix
 * comes off. Behind a trusted proxy the forwarded protocol header goes along and makes the injected
 * request https too, so the names stay as they are.
 */
function probeHeaders(request: FastifyRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || NOT_FORWARDED.has(name)) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const directTls = 'encrypted' in request.socket && request.socket.encrypted === true;
  if (directTls && headers.cookie) headers.cookie = headers.cookie.replace(/(^|;\s*)__Host-/g, '$1');
  headers.accept = 'application/json';
  return headers;
}

const requesterOf = (request: FastifyRequest) => ({
  headers: probeHeaders(request),
  remoteAddress: request.socket.remoteAddress ?? request.ip,
});

/** The app's session probes for this request, in the app's order, up to the first that knows the browser. */
async function askProbes(app: FastifyInstance, request: FastifyRequest): Promise<ProbeAnswer[]> {
  const answers: ProbeAnswer[] = [];
  for (const probe of SESSION_PROBES) {
    const response = await app.inject({ method: 'GET', url: probe, ...requesterOf(request) });
    let body: unknown;
    try {
      body = response.json();
    } catch {
      // Not JSON (a proxy's error page): the app would see an unreadable answer and ask again itself.
      return answers;
    }
    answers.push({ path: probe, status: response.statusCode, body });
    if (response.statusCode === 200) break;
  }
  return answers;
}

/** The lookup's answer, or undefined once `ms` have passed or it failed; a late answer is dropped. */
function within<T>(lookup: Promise<T | undefined>, ms: number): Promise<T | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    void lookup.then(resolve, () => resolve(undefined)).finally(() => clearTimeout(timer));
  });
}

/** Answers GET / and every SPA route with index.html and its bootstrap. */
export function indexPage(app: FastifyInstance, options: IndexPageOptions) {
  const indexHtml = cachedFile(path.join(options.staticDir, 'index.html'));
  const configJson = cachedFile(path.join(options.staticDir, 'config.json'));
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const [html, config, probes] = await Promise.all([
      indexHtml(),
      configJson(),
      options.probeSessions ? askProbes(app, request) : [],
    ]);
    if (html === null) return reply.code(404).send({ error: 'NOT_FOUND', message: 'Not found' });
    const signedIn = probes.some((probe) => probe.status === 200);
    reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', signedIn ? SESSION_INDEX_CACHE : ANONYMOUS_INDEX_CACHE)
      .header('vary', 'Cookie');
    const bootstrap: Bootstrap = { configJson: config, probes };
    const study = options.openingPicture && request.method === 'GET' ? studyToOpen(request.url, probes) : undefined;
    if (study === undefined) return reply.send(withBootstrap(html, bootstrap));
    // The page up to </body> goes at once (the app's scripts are named in its head); the rest
    // when the opening image is found or the wait is over.
    const lookup = findOpening(app, requesterOf(request), study);
    const page = new PassThrough();
    const at = bodyEnd(html);
    page.write(html.slice(0, at));
    void within(lookup, OPENING_WAIT_MS)
      .then((opening) => withBootstrap(html.slice(at), bootstrap, opening))
      .catch(() => withBootstrap(html.slice(at), bootstrap))
      .then((rest) => page.end(rest));
    return reply.send(page);
  };
}
