import { describe, expect, it } from 'vitest';
import { ApiClient, ApiError } from './apiClient';
import { fetchMe, login, logout } from './authApi';
import { revokeShare } from './sharesApi';

interface Sent {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

const SESSION = {
  user: { id: 'u1', username: 'house', displayName: 'Dr House', role: 'radiologist' },
  csrfToken: 'csrf-1',
  expiresAt: '2030-01-01T00:00:00.000Z',
  idleTimeoutSeconds: 1800,
};

/** A fetch that records requests and answers from a queue of Responses. */
function fakeFetch(...answers: Response[]) {
  const sent: Sent[] = [];
  const impl: typeof fetch = async (input, init) => {
    sent.push({
      url: String(input),
      method: init?.method ?? 'GET',
      headers: { ...(init?.headers as Record<string, string>) },
      body: typeof init?.body === 'string' ? init.body : undefined,
    });
    const next = answers.shift();
    if (!next) throw new TypeError('network down');
    return next;
  };
  return { sent, impl };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

describe('ApiClient CSRF handling', () => {
  it('sends no token before sign-in, then the login token on changes only', async () => {
    const { sent, impl } = fakeFetch(
      json(200, SESSION),
      new Response(null, { status: 204 }),
      json(200, { shares: [] }),
    );
    const client = new ApiClient({ fetch: impl });
    await login(client, 'house', 'secret');
    await revokeShare(client, 'share-1');
    await client.get('/api/shares');
    expect(sent[0]).toMatchObject({
      url: '/api/login',
      method: 'POST',
      body: JSON.stringify({ username: 'house', password: 'secret' }),
    });
    expect(sent[0]!.headers['X-CSRF-Token']).toBeUndefined();
    expect(sent[1]).toMatchObject({ url: '/api/shares/share-1', method: 'DELETE' });
    expect(sent[1]!.headers['X-CSRF-Token']).toBe('csrf-1');
    expect(sent[2]!.headers['X-CSRF-Token']).toBeUndefined();
  });

  it('takes the token from /api/me and forgets it at logout', async () => {
    const { sent, impl } = fakeFetch(
      json(200, { ...SESSION, csrfToken: 'from-me' }),
      new Response(null, { status: 204 }),
      json(200, {}),
    );
    const client = new ApiClient({ fetch: impl, baseUrl: 'http://gateway.test/' });
    await fetchMe(client);
    // The DICOMweb client reads the same token for a staff member's STOW.
    expect(client.currentCsrfToken()).toBe('from-me');
    await logout(client);
    expect(client.currentCsrfToken()).toBeUndefined();
    await client.patch('/api/shares/x', { expiresInSeconds: 60 });
    expect(sent[1]).toMatchObject({ url: 'http://gateway.test/api/logout', method: 'POST' });
    expect(sent[1]!.headers['X-CSRF-Token']).toBe('from-me');
    expect(sent[2]!.headers['X-CSRF-Token']).toBeUndefined();
    expect(sent[2]!.headers['Content-Type']).toBe('application/json');
  });
});

describe('ApiClient errors', () => {
  it('turns the gateway error body and Retry-After into an ApiError', async () => {
    const { impl } = fakeFetch(
      json(429, { error: 'TOO_MANY_ATTEMPTS', message: 'Too many failed attempts' }, { 'retry-after': '840' }),
    );
    const error = await login(new ApiClient({ fetch: impl }), 'house', 'wrong').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 429, code: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: 840 });
  });

  it('names the status when the body is not JSON, and the network when nothing answers', async () => {
    const { impl } = fakeFetch(new Response('<html>', { status: 502, headers: { 'content-type': 'text/html' } }));
    const client = new ApiClient({ fetch: impl });
    await expect(client.get('/api/me')).rejects.toMatchObject({ status: 502, code: 'HTTP_502' });
    await expect(client.get('/api/me')).rejects.toMatchObject({ status: 0, code: 'SERVER_UNREACHABLE' });
  });

  it('refuses a success that is not the expected shape', async () => {
    const { impl } = fakeFetch(
      json(200, { user: { id: 'u1' } }),
      new Response('<html>', { status: 200, headers: { 'content-type': 'text/html' } }),
    );
    const client = new ApiClient({ fetch: impl });
    await expect(fetchMe(client)).rejects.toThrow(
      'The session from the server does not fit: the answer must have required properties csrfToken, expiresAt, idleTimeoutSeconds',
    );
    await expect(fetchMe(client)).rejects.toMatchObject({ code: 'INVALID_RESPONSE' });
  });
});
