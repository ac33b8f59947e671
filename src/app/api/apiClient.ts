/**
 * A small JSON client for the gateway's /api (docs/api.md). Isomorphic: fetch only. It holds the
 * staff session's CSRF token in memory (never in storage, where any script on the origin could
 * read it after the tab closes) and sends it as X-CSRF-Token on every state-changing request.
 */
interface ApiClientOptions {
  /** Origin or path prefix in front of `/api/...`; '' for the page's own origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
}

/** A refused or failed call: `code` is the gateway's stable error code (or one derived from the status). */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Seconds from a 429's Retry-After header. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
const SAFE_METHODS: ReadonlySet<Method> = new Set(['GET']);

export class ApiClient {
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;
  private csrfToken: string | undefined;

  constructor(options: ApiClientOptions = {}) {
    this.baseUrl = (options.baseUrl ?? '').replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  /** Set from /api/login and /api/me; cleared at logout or when the session turns out to be gone. */
  setCsrfToken(token: string | undefined): void {
    this.csrfToken = token;
  }

  /** The token for requests made outside this client that change something (a staff member's STOW). */
  currentCsrfToken(): string | undefined {
    return this.csrfToken;
  }

  get(path: string, signal?: AbortSignal): Promise<unknown> {
    return this.request('GET', path, undefined, signal);
  }

  post(path: string, body?: unknown): Promise<unknown> {
    return this.request('POST', path, body);
  }

  patch(path: string, body: unknown): Promise<unknown> {
    return this.request('PATCH', path, body);
  }

  delete(path: string): Promise<unknown> {
    return this.request('DELETE', path);
  }

  /** Resolves to the parsed JSON body, or undefined for 204; rejects with ApiError otherwise. */
  private async request(method: Method, path: string, body?: unknown, signal?: AbortSignal): Promise<unknown> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (!SAFE_METHODS.has(method) && this.csrfToken !== undefined) headers['X-CSRF-Token'] = this.csrfToken;
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'same-origin',
        cache: 'no-store',
        signal,
      });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new ApiError(
        0,
        'SERVER_UNREACHABLE',
        'The SecondRead server did not answer. Check the network connection.',
      );
    }
    if (response.status === 204) return undefined;
    const parsed = await readJson(response);
    if (response.ok) {
      if (parsed === NOT_JSON)
        throw new ApiError(response.status, 'INVALID_RESPONSE', 'The server sent an answer the app cannot read.');
      return parsed;
    }
    throw errorFrom(response, parsed);
  }
}

const NOT_JSON = Symbol('not JSON');

async function readJson(response: Response): Promise<unknown> {
  if (!(response.headers.get('content-type') ?? '').includes('json')) {
    await response.arrayBuffer().catch(() => undefined);
    return NOT_JSON;
  }
  try {
    return (await response.json()) as unknown;
  } catch {
    return NOT_JSON;
  }
}

function errorFrom(response: Response, body: unknown): ApiError {
  const fromBody = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const code = typeof fromBody.error === 'string' ? fromBody.error : `HTTP_${response.status}`;
  const message = typeof fromBody.message === 'string' ? fromBody.message : `The server answered ${response.status}`;
  const retryAfter = Number(response.headers.get('retry-after'));
  return new ApiError(
    response.status,
    code,
    message,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
  );
}
